package io.subupgrade.security;

import static io.subupgrade.testing.Api.ISSUER;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.subupgrade.testing.Fixtures;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed tokens whose claims the service cannot use are a 401 problem, not a 500 or a strange account. */
@QuarkusTest
class TokenClaimsTest {

    @Test
    void expInMillisecondsIsA401() {
        long millis = Instant.now().plusSeconds(3600).toEpochMilli(); // about 1.8e12
        String token = Jwt.issuer(ISSUER)
                .subject("acct-" + UUID.randomUUID())
                .groups(Set.of("customer"))
                .claim("exp", millis)
                .sign();
        refused(token, "/v1/subscriptions");
    }

    @Test
    void expFarAheadIsA401() {
        String token = Jwt.issuer(ISSUER)
                .subject("acct-" + UUID.randomUUID())
                .groups(Set.of("customer"))
                .expiresAt(Instant.now().plus(ClaimRules.MAX_LIFETIME).plusSeconds(3600))
                .sign();
        refused(token, "/v1/offers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " %s ", " %s", "%s ", "%s\n"})
    void blankOrPaddedSubIsA401AndCreatesNothing(String template) {
        String account = "acct-" + UUID.randomUUID();
        String sub = template.formatted(account);
        signUpRefused(sub);
        // " alice " did not become an account next to "alice": nothing is stored under the trimmed id either.
        if (!sub.isBlank()) {
            operator()
                    .queryParam("ownerId", account)
                    .get("/v1/subscriptions")
                    .then()
                    .statusCode(200)
                    .body("data", hasSize(0));
        }
    }

    /** A bidi override, mark or isolate, or a control character, in the account id: the token is refused. */
    @ParameterizedTest
    @ValueSource(ints = {0x202E, 0x202A, 0x200E, 0x200F, 0x2066, 0x2069, 0x0000, 0x001B, 0x007F, 0x0085, 0x009F})
    void subWithControlOrBidiCharactersIsA401AndCreatesNothing(int codePoint) {
        String account = "acct-" + UUID.randomUUID();
        signUpRefused(account + Character.toString(codePoint) + "gpj.exe");
        operator()
                .queryParam("ownerId", account)
                .get("/v1/subscriptions")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void subOver255CharactersIsA401AndCreatesNothing() {
        String prefix = "acct-" + UUID.randomUUID() + "-";
        String sub = prefix + "x".repeat(256 - prefix.length());
        signUpRefused(sub);
        operator()
                .queryParam("ownerId", sub.substring(0, 255))
                .get("/v1/subscriptions")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void subOf255CharactersSignsUp() {
        String prefix = "acct-" + UUID.randomUUID() + "-";
        String sub = prefix + "x".repeat(255 - prefix.length());
        raw().contentType(ContentType.JSON)
                .auth()
                .oauth2(customerToken(sub))
                .body(Map.of("offerId", Fixtures.PAYG, "displayName", "Long id"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(201)
                .body("ownerId", equalTo(sub));
    }

    private static void signUpRefused(String sub) {
        raw().contentType(ContentType.JSON)
                .auth()
                .oauth2(customerToken(sub))
                .body(Map.of("offerId", Fixtures.PAYG, "displayName", "Padded"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("code", equalTo("unauthenticated"));
    }

    private static void refused(String token, String path) {
        raw().auth()
                .oauth2(token)
                .get(path)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("code", equalTo("unauthenticated"));
    }

    private static String customerToken(String sub) {
        return Jwt.issuer(ISSUER)
                .subject(sub)
                .upn(sub)
                .groups(Set.of("customer"))
                .sign();
    }
}
