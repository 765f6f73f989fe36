package io.subupgrade.web;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The role is checked before the body, whatever it holds: a wrong role is a 403 even for a body refused as such. */
@QuarkusTest
class RoleFirstTest {
    private static final int OVER_THE_LIMIT = 3 * 1024 * 1024;

    @TestHTTPResource("/")
    URI root;

    @Test
    void aWrongRoleWithTheWrongContentTypeIs403() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        raw().auth()
                .oauth2(token(account, "customer"))
                .contentType("text/plain")
                .body("grant me credit")
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
        assertNoGrantBut(account, id, 0);
    }

    @Test
    void noTokenWithTheWrongContentTypeIs401() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        raw().contentType("text/plain")
                .body("grant me credit")
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void theRightRoleWithTheWrongContentTypeIsStill415() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        raw().auth()
                .oauth2(token("ops", "operator"))
                .contentType("text/plain")
                .body("grant credit")
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
        assertNoGrantBut(account, id, 0);
    }

    @Test
    void aWrongRoleWithAnOversizedBodyIs403() throws IOException {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        String response = postDeclaringLength("/v1/subscriptions/" + id + "/benefits", token(account, "customer"));
        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"code\":\"forbidden\""), response);
        assertNoGrantBut(account, id, 0);
    }

    @Test
    void theRightRoleWithAnOversizedBodyIsStill413() throws IOException {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        String response = postDeclaringLength("/v1/subscriptions/" + id + "/benefits", token("ops", "operator"));
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"code\":\"payload-too-large\""), response);
        assertNoGrantBut(account, id, 0);
    }

    /** PAYG grants no credit at sign-up: the subscription still has {@code grants} grants. */
    private static void assertNoGrantBut(String account, String id, int grants) {
        int size = customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(200)
                .extract()
                .path("data.size()");
        assertEquals(grants, size);
    }

    /** Headers announcing a body over the limit, and none of it: the answer must come from the headers alone. */
    private String postDeclaringLength(String path, String bearer) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + root.getHost() + "\r\nAuthorization: Bearer " + bearer
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + OVER_THE_LIMIT
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            // Read the head, then as much body as it announces: the server need not close before the client has
            // sent what it declared.
            for (int n; !complete(response.toString(StandardCharsets.UTF_8)) && (n = in.read(buffer)) > 0; ) {
                response.write(buffer, 0, n);
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String response) {
        int head = response.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)").matcher(response.substring(0, head));
        return !length.find()
                || response.getBytes(StandardCharsets.UTF_8).length - head - 4 >= Integer.parseInt(length.group(1));
    }
}
