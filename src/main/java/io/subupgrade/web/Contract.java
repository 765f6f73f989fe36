package io.subupgrade.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the contract, the root {@code openapi.yaml} copied to the classpath by the build, at {@code /q/openapi}: as
 * it is (YAML), or as JSON for {@code ?format=json} or an {@code Accept} of {@code application/json} only, as SmallRye
 * OpenAPI's endpoint did.
 *
 * <p>Why not quarkus-smallrye-openapi: with annotation scanning off it only served this file, but it parsed the
 * whole document into its model and wrote it out twice (JSON and YAML) during start-up, on the main thread: 450-670 ms
 * of a 3 s start on this machine (issue 19, {@code -Dquarkus.debug.print-startup-times=true}). Here the bytes are read
 * on the first request and the JSON is written on the first JSON request. Swagger UI (quarkus-swagger-ui, which does
 * not need that extension) reads this endpoint.
 */
@ApplicationScoped
public class Contract {
    static final String PATH = "/q/openapi";
    static final String RESOURCE = "META-INF/openapi.yaml";

    private volatile Buffer yaml;
    private volatile Buffer json;

    void install(@Observes Router router) {
        router.get(PATH).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        boolean json = wantsJson(ctx);
        String type = json ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8";
        // Reading and converting a 300 kB file is not for the event loop.
        ctx.vertx()
                .<Buffer>executeBlocking(() -> json ? json() : yaml(), false)
                .onSuccess(body ->
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(body))
                .onFailure(ctx::fail);
    }

    static boolean wantsJson(RoutingContext ctx) {
        String format = ctx.request().getParam("format");
        if (format != null) {
            return format.equalsIgnoreCase("json");
        }
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.trim().toLowerCase().startsWith("application/json");
    }

    private Buffer yaml() {
        Buffer result = yaml;
        if (result == null) {
            try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the classpath: the build copies it");
                }
                result = Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            yaml = result;
        }
        return result;
    }

    private Buffer json() {
        Buffer result = json;
        if (result == null) {
            try {
                Object document = new YAMLMapper().readValue(yaml().getBytes(), Object.class);
                result = Buffer.buffer(
                        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            json = result;
        }
        return result;
    }
}
