package io.subupgrade.security;

import io.smallrye.jwt.auth.principal.ParseException;

/**
 * A token could not be checked because the signer's keys cannot be fetched (the provider's JWKS URL does not
 * answer): the web layer answers 503 with {@code Retry-After}, since signing in again would not help.
 */
public class SigningKeysUnavailableException extends ParseException {
    private static final long serialVersionUID = 1L;

    public SigningKeysUnavailableException(ParseException cause) {
        super("The token signer's keys cannot be fetched", cause);
    }
}
