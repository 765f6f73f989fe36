package io.subupgrade.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over {@code quarkus.http.limits.max-body-size} with a problem+json 413.
 * Runs just before Quarkus's own limit check (route order -2), which answers with an empty body.
 */
public class BodyLimit {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        router.route().order(-3).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !isOver(length)) {
            ctx.next();
            return;
        }
        String body = "{\"type\":\"/problems/payload-too-large\",\"title\":\""
                + ProblemTitles.title("payload-too-large", Languages.ENGLISH)
                + "\",\"status\":413,\"detail\":\"The request body is larger than the "
                + maxBodySize.asLongValue() + " bytes the service accepts.\",\"instance\":\""
                + ctx.request().path().replace("\"", "") + "\",\"code\":\"payload-too-large\"}";
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodySize.asLongValue();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
