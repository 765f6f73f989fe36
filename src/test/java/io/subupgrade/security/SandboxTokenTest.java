package io.subupgrade.security;

import static io.subupgrade.testing.Api.raw;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.subupgrade.testing.Api;
import io.subupgrade.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SandboxTokenTest {

    /** Signs in through the endpoint, as the portal does, and returns the token. */
    private static String signIn(Map<String, Object> body) {
        return Api.anonymous()
                .body(body)
                .post("/v1/sandbox/tokens")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    private static RequestSpecification bearer(String token) {
        return Api.anonymous().auth().oauth2(token);
    }

    @Test
    void customerTokenSignsInAsTheAccount() {
        String account = Api.newAccount();
        Instant before = Instant.now();
        String expiresAt = Api.anonymous()
                .body(Map.of("accountId", account))
                .post("/v1/sandbox/tokens")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .path("expiresAt");
        Duration lifetime = Duration.between(before, Instant.parse(expiresAt));
        assertTrue(lifetime.compareTo(Duration.ofMinutes(59)) > 0 && lifetime.compareTo(Duration.ofMinutes(61)) < 0);

        String token = signIn(Map.of("accountId", account));
        String id = bearer(token)
                .body(Map.of("offerId", Fixtures.FREE_TRIAL, "displayName", "Portal trial"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(201)
                .body("ownerId", equalTo(account))
                .extract()
                .path("id");
        bearer(token).get("/v1/subscriptions").then().statusCode(200).body("data.id", hasItem(id));
    }

    @Test
    void customerIsTheDefaultRoleSoOperatorCallsAreForbidden() {
        String token = signIn(Map.of("accountId", Api.newAccount()));
        bearer(token)
                .body(Map.of("name", "Meter", "unit", "1 Hour", "unitPrice", Map.of("amount", "1", "currency", "USD")))
                .put("/v1/meters/portal-test-meter")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void operatorTokenSeesEveryAccount() {
        String owner = Api.newAccount();
        String id = Fixtures.subscribe(owner, Fixtures.IMAGINE);
        String token = signIn(Map.of("accountId", "ops-portal", "roles", List.of("operator")));
        bearer(token).get("/v1/subscriptions/" + id).then().statusCode(200).body("ownerId", equalTo(owner));
    }

    @Test
    void meterRoleIsNotMinted() {
        raw().contentType(ContentType.JSON)
                .body(Map.of("accountId", "pipeline", "roles", List.of("meter")))
                .post("/v1/sandbox/tokens")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("roles[0]"));
    }

    @Test
    void accountIdIsRequiredAndPlain() {
        raw().contentType(ContentType.JSON)
                .body(Map.of())
                .post("/v1/sandbox/tokens")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", hasItem("accountId"));
        raw().contentType(ContentType.JSON)
                .body(Map.of("accountId", "alice smith"))
                .post("/v1/sandbox/tokens")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("accountId"));
    }

    @Test
    void tokenIsIssuedByTheDevIssuer() {
        String token = signIn(Map.of("accountId", "issuer-check"));
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        Map<?, ?> claims = io.restassured.path.json.JsonPath.from(payload).getMap("$");
        assertEquals("https://dev.subupgrade.local", claims.get("iss"));
        assertEquals("issuer-check", claims.get("sub"));
        assertEquals(List.of("customer"), claims.get("groups"));
    }
}
