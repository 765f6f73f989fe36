package io.subupgrade.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code OPTIONS} answered from {@link Routes}: Quarkus REST's automatic answer listed the methods of the resource
 * class's other paths too ({@code /v1/subscriptions/{id}} said POST, not PATCH). A CORS preflight (with
 * Access-Control-Request-Method) never gets here: Quarkus's CORS filter answers it first; one from a refused origin
 * is left alone as well.
 */
public class AllowHeader {
    @Inject
    Routes routes;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> options(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())
                || request.getHeaderString("Access-Control-Request-Method") != null) {
            return Optional.empty();
        }
        return routes.allow("/" + request.getUriInfo().getPath().replaceFirst("^/", ""))
                .map(allow -> Response.ok().header(HttpHeaders.ALLOW, allow).build());
    }
}
