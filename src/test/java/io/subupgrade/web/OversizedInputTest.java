package io.subupgrade.web;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Oversized and deeply nested input is refused with a 4xx, never a 500. */
@QuarkusTest
class OversizedInputTest {

    @TestHTTPResource("/v1/subscriptions")
    URI subscriptions;

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

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        // No Content-Length to judge by: BodyLimit reads the chunks and stops at the limit.
        byte[] huge = ("{\"offerId\": \"MS-AZR-0003P\", \"displayName\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = postChunked(huge);
            assertEquals(413, response.statusCode());
            assertEquals(
                    "application/problem+json",
                    response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().contains("\"code\":\"payload-too-large\""), response.body());
        } catch (IOException e) {
            assertTrue(isConnectionClosed(e), e.toString()); // closed while the client was still sending
        }
    }

    @Test
    void chunkedBodyWithinTheLimitIsRead() throws Exception {
        byte[] body =
                "{\"offerId\": \"MS-AZR-0003P\", \"displayName\": \"sent in chunks\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = postChunked(body);
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"displayName\":\"sent in chunks\""), response.body());
    }

    /** An InputStream publisher has no length, so the JDK client sends Transfer-Encoding: chunked. */
    private HttpResponse<String> postChunked(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(subscriptions)
                .header("Authorization", "Bearer " + token("chunky-" + System.nanoTime(), "customer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isConnectionClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException
                    || t instanceof org.apache.http.NoHttpResponseException
                    || (t instanceof IOException
                            && String.valueOf(t.getMessage()).contains("closed"))) {
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
        // 431 comes from the HTTP server before any route: outside the contract, so no contract filter. Just over the
        // 20 KiB limit, so the whole request fits the socket buffer: the server closing after its 431 cannot break
        // the client's write (40 KiB did, now and then: "Broken pipe").
        given().auth()
                .oauth2(token("alice", "customer"))
                .header("X-Filler", "y".repeat(24 * 1024))
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
