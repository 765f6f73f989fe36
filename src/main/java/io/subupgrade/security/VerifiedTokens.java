package io.subupgrade.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers bearer tokens that passed full verification, until they expire. A client sends the
 * same token on every call for its whole lifetime, and the RSA signature check and JSON parsing
 * were about a third of the CPU of a {@code GET /v1/subscriptions/{id}} (bench/, JFR). Only the
 * exact token text that was verified hits the cache, and every hit is checked against its own
 * {@code exp} again, so the cache never accepts a token the verifier would refuse: an altered
 * token is a different key and takes the full path.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens implements JWTParser {
    /** Enough for every client of a busy instance; beyond it the least recently used are verified again. */
    static final int MAX_TOKENS = 10_000;

    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(new UntilTokenExpiry())
            .build();

    private final JWTParser parser;

    /** Wraps the parser the smallrye-jwt extension would use itself, with the same settings. */
    @Inject
    VerifiedTokens(JWTAuthContextInfo settings, JWTCallerPrincipalFactory principals) {
        this(new DefaultJWTParser(settings, principals));
    }

    VerifiedTokens(JWTParser parser) {
        this.parser = parser;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && secondsLeft(known) > 0) {
            return known;
        }
        JsonWebToken jwt = parser.parse(token);
        if (secondsLeft(jwt) > 0) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    private static long secondsLeft(JsonWebToken jwt) {
        return jwt.getExpirationTime() - Instant.now().getEpochSecond();
    }

    /** An entry lives as long as its token does (the verifier refuses tokens without {@code exp}). */
    private static final class UntilTokenExpiry implements Expiry<String, JsonWebToken> {
        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
            return Duration.ofSeconds(Math.max(0, secondsLeft(jwt))).toNanos();
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

    // The other ways of parsing take keys or settings of their own: never cached.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
