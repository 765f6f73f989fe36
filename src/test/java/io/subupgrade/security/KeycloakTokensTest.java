package io.subupgrade.security;

import static io.subupgrade.testing.Api.bearer;
import static io.subupgrade.testing.Api.raw;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.subupgrade.testing.Fixtures;
import io.subupgrade.testing.Keycloak;
import io.subupgrade.testing.KeycloakProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tokens from a real identity provider: Keycloak started by keycloak/keycloak.sh with the committed realm. Roles come
 * from {@code realm_access/roles}, the account is the user's {@code sub}, the meter pipeline uses client credentials,
 * and a key rotation done through Keycloak's admin API is followed without restarting the service.
 */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakTokensTest {
    private final Keycloak keycloak = Keycloak.fromConfig();
    /** Alice's one Free Trial (an account has at most one), created by the first test that needs it. */
    private static String aliceTrial;

    private String aliceSubscription(String aliceToken) {
        if (aliceTrial == null) {
            aliceTrial = createTrial(aliceToken);
        }
        return aliceTrial;
    }

    private static String createTrial(String aliceToken) {
        return bearer(aliceToken)
                .body(Map.of("offerId", Fixtures.FREE_TRIAL, "displayName", "Signed in through Keycloak"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(201)
                .body("ownerId", equalTo(Keycloak.ALICE_ID))
                .extract()
                .path("id");
    }

    @Test
    @Order(1)
    void customerAndOperatorTokensCarryTheirRealmRoles() {
        String alice = keycloak.customerToken();
        String olivia = keycloak.operatorToken();
        String id = aliceSubscription(alice);

        bearer(alice).get("/v1/subscriptions/" + id).then().statusCode(200).body("ownerId", equalTo(Keycloak.ALICE_ID));
        // Operators see every account, customers only their own; jobs are for operators.
        bearer(olivia).get("/v1/subscriptions/" + id).then().statusCode(200);
        bearer(olivia).post("/v1/jobs/invoice-finalization").then().statusCode(200);
        bearer(alice)
                .post("/v1/jobs/invoice-finalization")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    @Order(2)
    void theMeterPipelineRecordsUsageWithClientCredentials() {
        String alice = keycloak.customerToken();
        String id = aliceSubscription(alice);
        Map<String, String> record =
                Map.of("eventId", "kc-" + UUID.randomUUID(), "meterId", "vm-d2s-v3-hour", "quantity", "10");

        bearer(keycloak.meterToken())
                .body(record)
                .post("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(201);
        // A customer cannot meter their own usage.
        bearer(alice)
                .body(record)
                .post("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(403);
        bearer(alice)
                .get("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1));
    }

    @Test
    @Order(3)
    void aTokenOfAnotherRealmOfTheSameProviderIsRefused() {
        ensureRealm("elsewhere");
        String foreign = keycloak.password("elsewhere", Keycloak.CLI_CLIENT, "alice", "alice-password");
        // Same provider, same user name, client and audience: only the realm (issuer and keys) differs.
        raw().auth().oauth2(foreign).get("/v1/offers").then().statusCode(401).body("code", equalTo("unauthenticated"));
        bearer(keycloak.customerToken()).get("/v1/offers").then().statusCode(200);
    }

    @Test
    @Order(4)
    void aTokenForAnotherAudienceIsRefused() {
        ensureClient("another-app", Map.of(), false);
        String forAnotherApp = keycloak.password(Keycloak.REALM, "another-app", "alice", "alice-password");
        raw().auth().oauth2(forAnotherApp).get("/v1/offers").then().statusCode(401);
    }

    @Test
    @Order(5)
    void anExpiredTokenIsRefused() throws InterruptedException {
        ensureClient("short-lived", Map.of("access.token.lifespan", "1"), true);
        String token = keycloak.password(Keycloak.REALM, "short-lived", "alice", "alice-password");
        bearer(token).get("/v1/offers").then().statusCode(200); // verified, and remembered
        Thread.sleep(Duration.ofSeconds(3).toMillis()); // 1 s of life, 1 s of allowed skew
        raw().auth().oauth2(token).get("/v1/offers").then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    @Order(6)
    void anUnknownKidIsTheCallersProblemNotAnOutage() {
        String token = keycloak.customerToken();
        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                .replaceFirst("\"kid\"\\s*:\\s*\"[^\"]*\"", "\"kid\":\"no-such-key\"");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + "." + parts[2];
        assertNotEquals(token, forged);
        raw().auth().oauth2(forged).get("/v1/offers").then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    /**
     * A new active key through the admin API: tokens signed by it are accepted at once (an unknown {@code kid}
     * fetches the key set again). Then the old key is removed: a token it signed, accepted and remembered before, is
     * refused within the refresh interval (one minute here), and the new tokens keep working.
     */
    @Test
    @Order(100)
    void aKeyRotationIsFollowedWithoutARestart() throws InterruptedException {
        String before = keycloak.customerToken();
        String oldKid = kidOf(before);
        bearer(before).get("/v1/offers").then().statusCode(200);

        JsonNode realm = keycloak.admin("GET", "/" + Keycloak.REALM, null);
        keycloak.admin(
                "POST",
                "/" + Keycloak.REALM + "/components",
                Map.of(
                        "name",
                        "rotated-" + UUID.randomUUID(),
                        "providerId",
                        "rsa-generated",
                        "providerType",
                        "org.keycloak.keys.KeyProvider",
                        "parentId",
                        realm.path("id").asText(),
                        "config",
                        Map.of(
                                "priority",
                                List.of("1000"),
                                "enabled",
                                List.of("true"),
                                "active",
                                List.of("true"),
                                "algorithm",
                                List.of("RS256"),
                                "keySize",
                                List.of("2048"))));
        String after = keycloak.customerToken();
        assertNotEquals(oldKid, kidOf(after), "Keycloak signs with the new key");
        bearer(after).get("/v1/offers").then().statusCode(200);
        bearer(before).get("/v1/offers").then().statusCode(200); // the old key is still published

        String oldComponent = null;
        for (JsonNode key :
                keycloak.admin("GET", "/" + Keycloak.REALM + "/keys", null).path("keys")) {
            if (oldKid.equals(key.path("kid").asText())) {
                oldComponent = key.path("providerId").asText();
            }
        }
        keycloak.admin("DELETE", "/" + Keycloak.REALM + "/components/" + oldComponent, null);
        long removed = System.nanoTime();

        Duration limit = Duration.ofSeconds(60 + 10); // the refresh interval, and slack for a busy machine
        int status = 200;
        while (status != 401 && System.nanoTime() - removed < limit.toNanos()) {
            Thread.sleep(1000);
            status = raw().auth()
                    .oauth2(before)
                    .get("/v1/offers")
                    .then()
                    .extract()
                    .statusCode();
            assertTrue(status == 200 || status == 401, "only accepted or refused, got " + status);
            bearer(after).get("/v1/offers").then().statusCode(200);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - removed).toSeconds();
        System.out.printf("[KeycloakTokensTest] token of the removed key refused after %d s%n", seconds);
        assertTrue(status == 401, "the removed key's token is still accepted after " + seconds + " s");
        raw().auth().oauth2(before).get("/v1/offers").then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    private static String kidOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceFirst(".*\"kid\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    }

    private static Map<String, Object> audienceMapper() {
        return Map.of(
                "name",
                "audience " + Keycloak.AUDIENCE,
                "protocol",
                "openid-connect",
                "protocolMapper",
                "oidc-audience-mapper",
                "config",
                Map.of("included.custom.audience", Keycloak.AUDIENCE, "access.token.claim", "true"));
    }

    /** A public password-grant client in the service's realm, with or without the service's audience. */
    private void ensureClient(String clientId, Map<String, String> attributes, boolean withAudience) {
        if (keycloak.admin("GET", "/" + Keycloak.REALM + "/clients?clientId=" + clientId, null)
                        .size()
                > 0) {
            return;
        }
        keycloak.admin(
                "POST",
                "/" + Keycloak.REALM + "/clients",
                Map.of(
                        "clientId",
                        clientId,
                        "publicClient",
                        true,
                        "standardFlowEnabled",
                        false,
                        "directAccessGrantsEnabled",
                        true,
                        "attributes",
                        attributes,
                        "protocolMappers",
                        withAudience ? List.of(audienceMapper()) : List.of()));
    }

    /** A second realm with the same user, client and audience as the service's. */
    private void ensureRealm(String name) {
        try {
            keycloak.admin("GET", "/" + name, null);
            return;
        } catch (IllegalStateException absent) {
            // created below
        }
        keycloak.admin(
                "POST",
                "",
                Map.of(
                        "realm",
                        name,
                        "enabled",
                        true,
                        "sslRequired",
                        "none",
                        "roles",
                        Map.of("realm", List.of(Map.of("name", "customer"))),
                        "users",
                        List.of(Map.of(
                                "username",
                                "alice",
                                "enabled",
                                true,
                                "firstName",
                                "Alice",
                                "lastName",
                                "Elsewhere",
                                "email",
                                "alice@elsewhere.example",
                                "emailVerified",
                                true,
                                "credentials",
                                List.of(Map.of("type", "password", "value", "alice-password")),
                                "realmRoles",
                                List.of("customer"))),
                        "clients",
                        List.of(Map.of(
                                "clientId", Keycloak.CLI_CLIENT,
                                "publicClient", true,
                                "standardFlowEnabled", false,
                                "directAccessGrantsEnabled", true,
                                "protocolMappers", List.of(audienceMapper())))));
    }
}
