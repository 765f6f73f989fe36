package io.subupgrade.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.subupgrade.problem.ProblemCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The role is checked before anything about the body, as the design says. Two refusals come before Quarkus REST's own
 * security check: {@link BodyLimit}'s 413 (a Vert.x route, before any resource is chosen) and the 415 of a Content-Type
 * no method of the path consumes (Quarkus REST picks the method by media type, then checks its roles). For exactly
 * those requests this route, just in front of BodyLimit, resolves the caller first and answers 401 or 403 the way
 * ProblemMappers does; every other request is left to Quarkus REST, whose {@code @RolesAllowed} check stays the one
 * that decides.
 */
public class RoleFirst {
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @Inject
    Routes routes;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        router.route().order(-4).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String method = ctx.request().method().name();
        Optional<Routes.Operation> operation =
                WITH_BODY.contains(method) ? routes.operation(method, ctx.normalizedPath()) : Optional.empty();
        Uni<SecurityIdentity> identity = ctx.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (operation.isEmpty()
                || operation.get().roles().isEmpty()
                || identity == null
                || !refusedBeforeTheRoleCheck(ctx, operation.get())) {
            ctx.next();
            return;
        }
        Set<String> roles = operation.get().roles();
        ctx.request().pause(); // no body is read while the token is checked
        identity.subscribe()
                .with(
                        caller -> {
                            if (caller.isAnonymous()) {
                                RouteProblems.refuse(ctx, ProblemCode.UNAUTHENTICATED, ProblemMappers.UNAUTHENTICATED);
                            } else if (roles.stream().noneMatch(caller::hasRole)) {
                                RouteProblems.refuse(ctx, ProblemCode.FORBIDDEN, ProblemMappers.FORBIDDEN);
                            } else {
                                ctx.request().resume();
                                ctx.next();
                            }
                        },
                        failure ->
                                RouteProblems.refuse(ctx, ProblemCode.UNAUTHENTICATED, ProblemMappers.UNAUTHENTICATED));
    }

    /** A body BodyLimit would refuse or read here (chunked), or a media type the operation does not consume. */
    private boolean refusedBeforeTheRoleCheck(RoutingContext ctx, Routes.Operation operation) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING);
        boolean hasBody = chunked || (length != null && !length.trim().equals("0"));
        return chunked
                || BodyLimit.isOver(length, maxBodySize.asLongValue())
                || (hasBody && !operation.acceptsMediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)));
    }
}
