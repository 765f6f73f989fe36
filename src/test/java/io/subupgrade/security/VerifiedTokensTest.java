package io.subupgrade.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The verified-token cache skips only repeated verification of the very same, unexpired token. */
class VerifiedTokensTest {

    /** The cache with smallrye's verification replaced: counts verifications, knows tokens by their text. */
    static final class CountingTokens extends VerifiedTokens {
        final Map<String, Long> expiries = new HashMap<>();
        int verifications;

        CountingTokens() {}

        CountingTokens(SigningKeys keys) {
            super(keys);
        }

        @Override
        JsonWebToken verify(String token) throws ParseException {
            verifications++;
            Long exp = expiries.get(token);
            if (exp == null || exp <= Instant.now().getEpochSecond()) {
                throw new ParseException("not valid: " + token);
            }
            return new Token(exp);
        }
    }

    record Token(long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return "someone";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of(Claims.exp.name());
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return Claims.exp.name().equals(name) ? (T) Long.valueOf(exp) : null;
        }
    }

    @Test
    void theSameTokenIsVerifiedOnce() throws ParseException {
        CountingTokens tokens = new CountingTokens();
        tokens.expiries.put("a.b.c", Instant.now().getEpochSecond() + 300);

        JsonWebToken first = tokens.parse("a.b.c");
        assertSame(first, tokens.parse("a.b.c"));
        assertEquals(1, tokens.verifications);
    }

    @Test
    void anotherTokenTextIsVerifiedInFull() throws ParseException {
        CountingTokens tokens = new CountingTokens();
        tokens.expiries.put("a.b.c", Instant.now().getEpochSecond() + 300);
        tokens.parse("a.b.c");

        assertThrows(ParseException.class, () -> tokens.parse("a.b.X"));
        assertEquals(2, tokens.verifications);
    }

    @Test
    void refusedTokensAreNotRemembered() {
        CountingTokens tokens = new CountingTokens();

        assertThrows(ParseException.class, () -> tokens.parse("bad"));
        assertThrows(ParseException.class, () -> tokens.parse("bad"));
        assertEquals(2, tokens.verifications);
    }

    @Test
    void anExpiredTokenGoesBackToTheVerifier() throws Exception {
        CountingTokens tokens = new CountingTokens();
        long exp = Instant.now().getEpochSecond() + 1;
        tokens.expiries.put("short.lived.token", exp);
        tokens.parse("short.lived.token");

        while (Instant.now().getEpochSecond() < exp) {
            Thread.sleep(50);
        }
        assertThrows(ParseException.class, () -> tokens.parse("short.lived.token"));
        assertEquals(2, tokens.verifications);
    }

    /** The provider's key set, as far as the cache can tell: whether the key of a remembered token is still in it. */
    static final class KeySet extends SigningKeys {
        volatile boolean published = true;

        @Override
        public boolean stillPublished(String kid) {
            return published;
        }
    }

    @Test
    void aRememberedTokenWhoseKeyLeftTheSetGoesBackToTheVerifier() throws ParseException {
        KeySet keys = new KeySet();
        CountingTokens tokens = new CountingTokens(keys);
        tokens.expiries.put("a.b.c", Instant.now().getEpochSecond() + 300);
        tokens.parse("a.b.c");
        tokens.parse("a.b.c");
        assertEquals(1, tokens.verifications);

        keys.published = false; // the provider removed the key; the verifier now refuses its tokens
        tokens.expiries.remove("a.b.c");
        assertThrows(ParseException.class, () -> tokens.parse("a.b.c"));
        assertThrows(ParseException.class, () -> tokens.parse("a.b.c"));
        assertEquals(3, tokens.verifications, "never answered from the cache once the key is gone");
    }
}
