package io.subupgrade.web;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A URL with a broken percent-escape is a 400 problem like any other bad input, not a bare 400 (issue 13, item 4).
 * Sent over a plain socket: REST Assured and java.net.URI refuse to send such a URL at all.
 */
@QuarkusTest
class MalformedUrlTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/subscriptions?cursor=%ZZ",
                "/v1/subscriptions?cursor=abc%",
                "/v1/subscriptions?ownerId=%G1&limit=5",
                "/v1/subscriptions?%ZZ=1",
                "/v1/subscriptions/%ZZ",
                "/v1/subscriptions/abc%2",
                "/v1/offers/MS-AZR-0003P%"
            })
    void aBrokenPercentEscapeIsA400Problem(String target) throws IOException {
        isMalformedRequest(send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"));
    }

    @Test
    void aRequestWithoutHostIsA400Problem() throws IOException {
        // Was Quarkus's own error JSON, with a stack trace in dev and test.
        isMalformedRequest(send("GET /v1/offers HTTP/1.1\r\n"));
    }

    private static void isMalformedRequest(String[] response) {
        assertEquals("HTTP/1.1 400 Bad Request", response[0].lines().findFirst().orElse(""), response[0]);
        assertTrue(
                response[0].toLowerCase(Locale.ROOT).contains("\ncontent-type: application/problem+json"), response[0]);
        JsonPath problem = JsonPath.from(response[1]);
        assertEquals(400, problem.getInt("status"));
        assertEquals("malformed-request", problem.getString("code"));
        assertEquals("/problems/malformed-request", problem.getString("type"));
    }

    /** The head and the body of the answer to {@code head} (request line and headers), sent byte for byte. */
    private String[] send(String head) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Accept: application/json\r\n"
                            + "Authorization: Bearer " + token(newAccount(), "operator") + "\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            return new String[] {all.substring(0, end).replace("\r\n", "\n"), all.substring(end + 4)};
        }
    }
}
