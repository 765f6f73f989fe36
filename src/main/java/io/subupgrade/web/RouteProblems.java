package io.subupgrade.web;

import io.subupgrade.problem.ProblemCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The problem+json answer of a check that runs in front of Quarkus REST (so that ProblemMappers never sees it): the
 * same document ProblemMappers writes, with the same titles and details.
 */
final class RouteProblems {
    private RouteProblems() {}

    static void refuse(RoutingContext ctx, ProblemCode code, String detail) {
        Locale language = Languages.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        Problem problem = new Problem(
                code.type(),
                ProblemTitles.title(code, language),
                code.status(),
                detail,
                ctx.request().path(),
                code.wireName(),
                RequestIds.current(),
                null);
        ctx.response()
                .setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, language.toLanguageTag());
        if (code.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        if (ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)
                || ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // The body was not read: the connection cannot carry another request after it.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(Json.encode(problem));
    }
}
