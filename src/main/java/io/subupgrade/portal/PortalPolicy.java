package io.subupgrade.portal;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.subupgrade.UpgradesConfig;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * Puts the portal's Content-Security-Policy on everything under /portal/. In code rather than a
 * {@code quarkus.http.filter} entry because connect-src depends on the configured provider.
 */
public class PortalPolicy {
    private static final Pattern PORTAL = Pattern.compile("/portal(/.*)?");

    @Produces
    @Singleton
    PortalSignIn signIn(UpgradesConfig config) {
        return PortalSignIn.from(config.portal().oidc());
    }

    void install(@Observes Filters filters, PortalSignIn signIn) {
        String policy = signIn.contentSecurityPolicy();
        filters.register(
                ctx -> {
                    if (PORTAL.matcher(ctx.normalizedPath()).matches()) {
                        ctx.response().headers().set("Content-Security-Policy", policy);
                    }
                    ctx.next();
                },
                100);
    }
}
