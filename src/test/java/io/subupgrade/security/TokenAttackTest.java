package io.subupgrade.security;

import static io.subupgrade.testing.Api.ISSUER;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Forged, replayed and malformed tokens never get in. */
@QuarkusTest
class TokenAttackTest {
    @Inject
    JWTParser parser;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Test
    void unsignedTokenWithAlgNoneIsRefused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64(claims("mallory", "operator"));
        rejected(header + "." + payload + ".");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64(claims("mallory", "operator"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Files.readAllBytes(Path.of("dev-keys/public-key.pem")), "HmacSHA256"));
        String signature =
                B64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        rejected(header + "." + payload + "." + signature);
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = token("mallory", "customer").split("\\.");
        String forged = parts[0] + "." + b64(claims("mallory", "operator")) + "." + parts[2];
        rejected(forged);
    }

    @Test
    void aTamperedCopyOfAnAcceptedTokenIsRefused() {
        // The accepted token is now in VerifiedTokens' cache; its altered twin must not ride on that.
        String genuine = token("mallory", "customer");
        raw().auth().oauth2(genuine).get("/v1/subscriptions").then().statusCode(200);
        String[] parts = genuine.split("\\.");
        rejected(parts[0] + "." + b64(claims("mallory", "operator")) + "." + parts[2]);
    }

    @Test
    void theParserInUseRemembersVerifiedTokens() {
        assertInstanceOf(VerifiedTokens.class, ClientProxy.unwrap(parser));
    }

    @Test
    void notYetValidTokenIsRefused() {
        String early = Jwt.issuer(ISSUER)
                .subject("alice")
                .groups(Set.of("customer"))
                .claim("nbf", Instant.now().plusSeconds(3600).getEpochSecond())
                .sign();
        rejected(early);
    }

    @Test
    void tokenWithoutGroupsIsForbidden() {
        String noGroups = Jwt.issuer(ISSUER).subject("alice").sign();
        raw().auth().oauth2(noGroups).get("/v1/offers").then().statusCode(403);
    }

    @Test
    void responsesCarrySecurityHeaders() {
        raw().auth()
                .oauth2(token("alice", "customer"))
                .get("/v1/offers")
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("no-store"));
    }

    private static void rejected(String token) {
        raw().auth()
                .oauth2(token)
                .get("/v1/subscriptions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }

    private static String claims(String subject, String role) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}";
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
