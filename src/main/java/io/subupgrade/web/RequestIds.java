package io.subupgrade.web;

import io.opentelemetry.api.trace.Span;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The request id (docs/design.md §17): every response carries {@code X-Request-Id}, the caller's when it sent one
 * sane value, else a new UUID. The id is also in every log line of the request (MDC key {@code requestId}), in every
 * problem document ({@code requestId}) and, with tracing on, on the server span ({@code subupgrade.request_id}).
 *
 * <p>The first route of all, so it covers what never reaches Quarkus REST too (the other routes' refusals, static
 * portal files, {@code /q/health}, 404s). The MDC put here lands in the request's duplicated Vert.x context (Quarkus's
 * VertxMDC), which is also current on the worker thread of a blocking endpoint and ends with the request: nothing to
 * clean up, nothing leaks into another request. So whatever builds a problem document takes the id from there
 * ({@link #current()}): the id in the body is by construction the one in the log lines.
 *
 * <p>Not covered: what Vert.x refuses before any route runs, with an empty body (a request line over 4096 bytes: 414;
 * headers over 20 KB: 431; Quarkus's {@code quarkus.http.limits} defaults).
 */
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    public static final String SPAN_ATTRIBUTE = "subupgrade.request_id";

    /** 1 to 128 characters a log line, a header and a URL carry unescaped: letters, digits and {@code . _ : -}. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * First of the routes of the first order, UrlCheck's too: routes of one order run in the order they were added, and
     * this observer is notified before the others (default priority). UrlCheck must run before any route with a path,
     * since matching one decodes the path, which throws on a broken percent-escape.
     */
    void install(@Observes @Priority(Interceptor.Priority.APPLICATION) Router router) {
        router.route()
                .order(Integer.MIN_VALUE)
                .handler(ctx -> {
                    assign(ctx);
                    ctx.next();
                })
                // Vert.x fails some requests before any route handler runs (no Host header): the failure handlers
                // still run, and their answers need the id too.
                .failureHandler(ctx -> {
                    assign(ctx);
                    ctx.next();
                });
    }

    private static void assign(RoutingContext ctx) {
        String id = choose(ctx.request().headers().getAll(HEADER));
        // Kept in the request too, so that a second pass (the failure handler after the handler) keeps the same id.
        ctx.request().headers().set(HEADER, id);
        MDC.put(MDC_KEY, id);
        Span.current().setAttribute(SPAN_ATTRIBUTE, id); // a no-op while tracing is off
        // Set as the head goes out rather than now, so no handler in between can drop it.
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER, id));
    }

    /** The id of the request being handled, null outside of one. */
    public static String current() {
        return MDC.get(MDC_KEY) instanceof String id ? id : null;
    }

    /** The caller's id when it sent exactly one sane value; else a new one (a second value is no id of one request). */
    public static String choose(List<String> sent) {
        return sent.size() == 1 && isSane(sent.get(0))
                ? sent.get(0)
                : UUID.randomUUID().toString();
    }

    public static boolean isSane(String id) {
        return id != null && SANE.matcher(id).matches();
    }
}
