package io.subupgrade.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.problem.ProblemCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Refuses a request target that is no valid URI ({@code %ZZ}, a {@code %} at the end, an unescaped space or
 * {@code "}) with a problem+json 400, as the first route, before anything decodes it.
 *
 * <p>Quarkus checks the same thing (with {@code java.net.URI}, as here) in its root request handler, before any route,
 * and answers a bare 400 no exception mapper or route sees. That check is off only when the system property
 * {@code vertx.disableURIValidation} is true as Quarkus builds that handler, before any configuration or bean of the
 * application is consulted: the packaged jar's main ({@link io.subupgrade.Main}) sets it before Quarkus starts, and
 * the Maven build sets it for dev mode and the tests; then this route takes over. Without it (a JVM started with
 * {@code -Dvertx.disableURIValidation=false}), such a URL still gets Quarkus's bare 400: refused either way, only
 * without the problem body.
 */
public class UrlCheck {
    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        // Before any route that decodes the path; of the routes of this order, only RequestIds comes earlier.
        router.route().order(Integer.MIN_VALUE).handler(this::check).failureHandler(this::refuseIfNoHost);
    }

    /**
     * Vert.x Web fails an HTTP/1.1 request without a Host header with 400 before any route runs; Quarkus's error
     * handler then answers with its own JSON (in dev and test with the stack trace). Failure handlers still run, so
     * the problem is given here; any other failure goes on to the next handler.
     */
    private void refuseIfNoHost(RoutingContext ctx) {
        if (ctx.statusCode() == 400
                && !ctx.response().headWritten()
                && ctx.request().authority() == null) {
            refuse(ctx, "An HTTP/1.1 request needs a Host header.");
        } else {
            ctx.next();
        }
    }

    private void check(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri == null || isValid(uri)) {
            ctx.next();
            return;
        }
        refuse(ctx, "The request URL is not a valid URI (such as a '%' not followed by two hexadecimal digits).");
    }

    private void refuse(RoutingContext ctx, String detail) {
        // No instance: the URL is the very thing that is malformed, so it is no URI reference to echo.
        Problem problem = new Problem(
                ProblemCode.MALFORMED_REQUEST.type(),
                ProblemTitles.title(ProblemCode.MALFORMED_REQUEST, Languages.ENGLISH),
                ProblemCode.MALFORMED_REQUEST.status(),
                detail,
                null,
                ProblemCode.MALFORMED_REQUEST.wireName(),
                RequestIds.current(),
                null);
        try {
            ctx.response()
                    .setStatusCode(ProblemCode.MALFORMED_REQUEST.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONTENT_LANGUAGE, Languages.ENGLISH.toLanguageTag())
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    /** The rule of Quarkus's own check, which this one replaces. */
    static boolean isValid(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
