package io.subupgrade.web;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Oversized and deeply nested input is refused with a 4xx, never a 500. */
@QuarkusTest
class OversizedInputTest {

    @Test
    void bodyOverTheLimitIs413() {
        String huge = "{\"offerId\": \"MS-AZR-0003P\", \"displayName\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        // Refused by the HTTP layer before the body is read; it answers 413 without a problem body
        // (a known gap: see the issue note), so only the status is held here.
        given().auth()
                .oauth2(token("alice", "customer"))
                .contentType("application/json")
                .body(huge)
                .post("/v1/subscriptions")
                .then()
                .statusCode(413);
    }

    @Test
    void deeplyNestedJsonIsA400() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        raw().auth()
                .oauth2(token("alice", "customer"))
                .contentType("application/json")
                .body(deep)
                .post("/v1/subscriptions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void veryLongHeaderIsRefusedByTheHttpLayer() {
        // 431 comes from the HTTP server before any route: outside the contract, so no contract filter.
        given().auth()
                .oauth2(token("alice", "customer"))
                .header("X-Filler", "y".repeat(40 * 1024))
                .get("/v1/offers")
                .then()
                .statusCode(431);
    }

    @Test
    void hugeLimitIsA400() {
        raw().auth()
                .oauth2(token("alice", "customer"))
                .queryParam("limit", "99999999999999999999")
                .get("/v1/subscriptions")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"));
    }
}
