package io.subupgrade.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token parser of the smallrye-jwt extension, remembering tokens that passed full
 * verification until they expire. A client sends the same token on every call for its whole
 * lifetime, and the RSA signature check and JSON parsing were about a third of the CPU of a
 * {@code GET /v1/subscriptions/{id}} (bench/, JFR). Only the exact token text that was verified
 * hits the cache, and every hit is checked against its own {@code exp} again and against the key set
 * ({@link SigningKeys#stillPublished}: a key the provider removed ends its tokens within
 * {@code smallrye.jwt.jwks.refresh-interval}, remembered or not), so the cache never accepts a token
 * the verifier would refuse: an altered token is a different key and takes the full path. A token
 * refused because the signer's keys cannot be fetched becomes {@link SigningKeysUnavailableException}
 * (a 503, not a 401). The other ways of parsing (own keys or settings) are inherited and never cached.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends DefaultJWTParser {
    /** Enough for every client of a busy instance; beyond it the least recently used are verified again. */
    static final int MAX_TOKENS = 10_000;

    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(new UntilTokenExpiry())
            .build();

    private final SigningKeys keys;
    // Own fields, not the superclass's: DefaultJWTParser's are injected fields, which CDI would set to the
    // extension's factory after any constructor, bypassing SigningKeys.
    private final JWTAuthContextInfo settings;

    /** With the settings the extension would give its own parser, and smallrye's verification through {@link SigningKeys}. */
    @Inject
    VerifiedTokens(JWTAuthContextInfo settings) {
        this(settings, new SigningKeys());
    }

    VerifiedTokens(JWTAuthContextInfo settings, SigningKeys keys) {
        super(settings, keys);
        this.settings = settings;
        this.keys = keys;
    }

    /** For the CDI proxy, and for tests that replace {@link #verify}. */
    VerifiedTokens() {
        this(new SigningKeys());
    }

    VerifiedTokens(SigningKeys keys) {
        this(null, keys);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && secondsLeft(known) > 0 && keys.stillPublished(kidOf(known))) {
            return known;
        }
        JsonWebToken jwt;
        try {
            jwt = verify(token);
        } catch (ParseException refused) {
            if (keys.unavailable(refused)) {
                throw new SigningKeysUnavailableException(refused);
            }
            throw refused;
        }
        String refusal = ClaimRules.refusal(
                        accountIdOf(jwt), jwt.getExpirationTime(), Instant.now().getEpochSecond())
                .orElse(null);
        if (refusal != null) {
            throw new ParseException("Token refused: " + refusal); // smallrye-jwt turns this into a 401
        }
        if (secondsLeft(jwt) > 0 && keys.stillPublished(kidOf(jwt))) {
            verified.put(token, jwt);
        } else {
            verified.invalidate(token);
        }
        return jwt;
    }

    /** The full check: signature, issuer, expiry and the rest of the mp.jwt settings. */
    JsonWebToken verify(String token) throws ParseException {
        return keys.parse(token, settings);
    }

    /** The account the token names, as {@link Caller#accountId()} reads it. */
    private static String accountIdOf(JsonWebToken jwt) {
        return jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
    }

    private static String kidOf(JsonWebToken jwt) {
        return jwt instanceof SigningKeys.SignedToken signed ? signed.kid() : null;
    }

    private static long secondsLeft(JsonWebToken jwt) {
        return jwt.getExpirationTime() - Instant.now().getEpochSecond();
    }

    /** An entry lives as long as its token does (the verifier refuses tokens without {@code exp}). */
    private static final class UntilTokenExpiry implements Expiry<String, JsonWebToken> {
        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
            // TimeUnit saturates instead of overflowing; ClaimRules already keeps exp within a year anyway.
            return TimeUnit.SECONDS.toNanos(Math.max(0, secondsLeft(jwt)));
        }

        @Override
        public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(token, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
