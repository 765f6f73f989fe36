package io.subupgrade.security;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The sandbox's dev sign-in, used by the account portal. Public because it is the sign-in; it
 * exists only in sandbox mode with a signing key configured (404 otherwise).
 */
@Path("/v1/sandbox/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SandboxTokenResource {
    @Inject
    SandboxTokens tokens;

    @POST
    @PermitAll
    public SandboxToken create(SandboxTokenRequest request) {
        return tokens.issue(request);
    }
}
