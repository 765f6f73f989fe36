package io.subupgrade.web;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Oversized and deeply nested input is refused with a 4xx, never a 500. */
@QuarkusTest
class OversizedInputTest {

    @Test
    void bodyOverTheLimitIs413() {
        String huge = "{\"offerId\": \"MS-AZR-0003P\", \"displayName\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        // Answered from Content-Length before the body is read; the server may close the connection
        // while the client is still sending, which is a refusal too, never a 500.
        try {
            given().auth()
                    .oauth2(token("alice", "customer"))
                    .contentType("application/json")
                    .body(huge)
                    .post("/v1/subscriptions")
                    .then()
                    .statusCode(413)
                    .contentType("application/problem+json")
                    .body("code", equalTo("payload-too-large"));
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            assertTrue(isConnectionClosed(e), e.toString());
        }
    }

    private static boolean isConnectionClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof org.apache.http.NoHttpResponseException) {
                return true;
            }
        }
        return false;
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
