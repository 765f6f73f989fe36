package io.subupgrade.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.subupgrade.problem.ProblemCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body over {@code quarkus.http.limits.max-body-size} with a problem+json 413. Runs just before Quarkus's own
 * limit check (route order -2), which answers with an empty body. A declared length is judged at once; a chunked body
 * (no Content-Length) is read here by Vert.x's BodyHandler, which fails the route with 413 at the limit, and the
 * failure handler turns that into the problem. Quarkus REST then takes the body already read.
 *
 * <p>{@link RoleFirst} runs just before: a caller whose role the operation does not allow gets 403, not 413.
 */
public class BodyLimit {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        BodyHandler buffer = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
        router.route().order(-3).handler(ctx -> check(ctx, buffer)).failureHandler(this::refuseIfTooLarge);
    }

    private void check(RoutingContext ctx, BodyHandler buffer) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            buffer.handle(ctx); // a chunked body: read it here, so that going over the limit fails with 413
        } else if (isOver(length, maxBodySize.asLongValue())) {
            refuse(ctx);
        } else {
            ctx.next();
        }
    }

    private void refuseIfTooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            refuse(ctx);
        } else {
            ctx.next();
        }
    }

    private void refuse(RoutingContext ctx) {
        ProblemCode code = ProblemCode.PAYLOAD_TOO_LARGE;
        Problem problem = new Problem(
                code.type(),
                ProblemTitles.title(code, Languages.ENGLISH),
                code.status(),
                "The request body is larger than the " + maxBodySize.asLongValue() + " bytes the service accepts.",
                ctx.request().path(),
                code.wireName(),
                RequestIds.current(),
                null);
        ctx.response()
                .setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem));
    }

    static boolean isOver(String length, long limit) {
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
