package io.subupgrade.portal;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The portal's own settings, read by {@code oidc.js} before it offers a sign-in. Public: the issuer and a public
 * client's id are no secret. Not part of the API (outside /v1, not in openapi.yaml): only the portal reads it.
 */
@Path("/portal/config.json")
public class PortalResource {
    /** {@code oidc} is null when the portal has no provider (sandbox sign-in or a pasted token). */
    public record PortalConfig(PortalSignIn.Oidc oidc) {}

    @Inject
    PortalSignIn signIn;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public PortalConfig config() {
        return new PortalConfig(signIn.oidc().orElse(null));
    }
}
