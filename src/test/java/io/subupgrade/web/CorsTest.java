package io.subupgrade.web;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The portal runs on another origin. Preflights go through plain REST Assured: the contract
 * documents the API, not the OPTIONS requests browsers add in front of it.
 */
@QuarkusTest
class CorsTest {
    private static final String PORTAL = "http://localhost:3000";

    @Test
    void preflightAllowsTheApisMethodsAndHeaders() {
        given().header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match,idempotency-key")
                .options("/v1/subscriptions/3f2c8a4e-5b1d-4c7a-9e2f-1a2b3c4d5e6f")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", PORTAL)
                .header(
                        "Access-Control-Allow-Methods",
                        allOf(
                                containsStringIgnoringCase("GET"),
                                containsStringIgnoringCase("POST"),
                                containsStringIgnoringCase("PUT"),
                                containsStringIgnoringCase("PATCH")))
                .header(
                        "Access-Control-Allow-Headers",
                        allOf(
                                containsStringIgnoringCase("Authorization"),
                                containsStringIgnoringCase("Content-Type"),
                                containsStringIgnoringCase("Idempotency-Key"),
                                containsStringIgnoringCase("If-Match"),
                                containsStringIgnoringCase("Accept-Language")));
    }

    @Test
    void responsesExposeTheHeadersThePortalReads() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        customer(account)
                .header("Origin", PORTAL)
                .get("/v1/subscriptions/" + id)
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", PORTAL)
                .header(
                        "Access-Control-Expose-Headers",
                        allOf(
                                containsStringIgnoringCase("ETag"),
                                containsStringIgnoringCase("Location"),
                                containsStringIgnoringCase("Content-Language"),
                                containsStringIgnoringCase("Idempotent-Replayed")));
    }

    @Test
    void otherOriginsAreNotAllowed() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/subscriptions")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
        // Quarkus's CORS filter refuses before the REST layer, so this 403 has no problem body (a browser
        // could not read one anyway); hence plain REST Assured here as well.
        given().auth()
                .oauth2(token(newAccount(), "customer"))
                .header("Origin", "https://evil.example")
                .get("/v1/offers")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void requestsWithoutAnOriginAreUnaffected() {
        customer(newAccount())
                .get("/v1/offers")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().get("/q/health/live").then().statusCode(equalTo(200));
    }
}
