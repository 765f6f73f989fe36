package io.subupgrade.portal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a provider configured, the portal learns it from /portal/config.json and may connect to its origin. */
@QuarkusTest
@TestProfile(PortalOidcTest.WithProvider.class)
class PortalOidcTest {
    private static final String ISSUER = "https://login.example.com:8443/realms/subupgrade";

    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("upgrades.portal.oidc.issuer", ISSUER, "upgrades.portal.oidc.client-id", "subupgrade-portal");
        }
    }

    @Test
    void configNamesTheIssuerAndTheClientWithoutAToken() {
        given().get("/portal/config.json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("oidc.issuer", equalTo(ISSUER))
                .body("oidc.clientId", equalTo("subupgrade-portal"));
    }

    @Test
    void thePortalsPolicyAddsTheProvidersOriginToConnectSrcOnly() {
        String policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " connect-src 'self' https://login.example.com:8443;"
                + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        given().get("/portal/").then().statusCode(200).header("Content-Security-Policy", equalTo(policy));
        given().get("/portal/app.js").then().statusCode(200).header("Content-Security-Policy", equalTo(policy));
        given().get("/portal/config.json").then().header("Content-Security-Policy", equalTo(policy));
        given().get("/v1/offers")
                .then()
                .statusCode(401)
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
    }
}
