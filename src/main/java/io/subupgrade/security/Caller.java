package io.subupgrade.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the account is the token's {@code sub}; operators see every account. */
@RequestScoped
public class Caller {
    @Inject
    SecurityIdentity identity;

    /** The token's {@code sub}; the principal name would prefer {@code upn}, which OIDC providers set differently. */
    public String accountId() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    public boolean isOperator() {
        return identity.hasRole(Roles.OPERATOR);
    }

    /** Whether the caller may see what belongs to {@code ownerId}; others get a 404, not a 403. */
    public boolean canSee(String ownerId) {
        return isOperator() || accountId().equals(ownerId);
    }
}
