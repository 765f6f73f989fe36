package io.subupgrade.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The account portal's static files are public and locked down to their own origin. */
@QuarkusTest
class PortalTest {
    private static final String PORTAL_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Test
    void portalIsServedWithoutATokenUnderItsOwnPolicy() {
        given().get("/portal/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", equalTo(PORTAL_CSP))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .body(containsString("<script src=\"app.js\" type=\"module\"></script>"));
        given().get("/portal/app.js").then().statusCode(200).header("Content-Security-Policy", equalTo(PORTAL_CSP));
    }

    @Test
    void withoutAProviderThePortalOffersNoOidcSignIn() {
        given().get("/portal/config.json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("oidc", nullValue())
                .header("Content-Security-Policy", equalTo(PORTAL_CSP));
    }

    @Test
    void apiKeepsItsOwnPolicy() {
        given().get("/v1/offers")
                .then()
                .statusCode(401)
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
    }
}
