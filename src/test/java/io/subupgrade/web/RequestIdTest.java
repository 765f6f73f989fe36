package io.subupgrade.web;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.subupgrade.testing.LogCapture;
import io.subupgrade.upgrade.UpgradeJobResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every response carries X-Request-Id (the caller's when sane), and so do its problem body and its log lines. */
@QuarkusTest
class RequestIdTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aSaneIdIsEchoed() {
        String id = "abc-" + UUID.randomUUID();
        Response r = customer(newAccount()).header(RequestIds.HEADER, id).get("/v1/offers");
        assertEquals(200, r.statusCode());
        assertEquals(id, r.header(RequestIds.HEADER));
    }

    @Test
    void withoutOneANewOneIsMadeForEachRequest() {
        String first = isNewId(customer(newAccount()).get("/v1/offers"));
        String second = isNewId(customer(newAccount()).get("/v1/offers"));
        assertNotEquals(first, second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "quote\"d", "ümlaut", "slash/ed", "comma,ed"})
    void anInsaneIdIsReplaced(String sent) {
        isNewId(raw().header(RequestIds.HEADER, sent).get("/q/health/live"));
    }

    @Test
    void aTooLongIdIsReplaced() {
        isNewId(raw().header(RequestIds.HEADER, "x".repeat(129)).get("/q/health/live"));
        String longest = "x".repeat(128);
        assertEquals(
                longest,
                raw().header(RequestIds.HEADER, longest).get("/q/health/live").header(RequestIds.HEADER));
    }

    @Test
    void twoIdsAreReplaced() {
        isNewId(raw().header(RequestIds.HEADER, "one")
                .header(RequestIds.HEADER, "two")
                .get("/q/health/live"));
    }

    @Test
    void onSuccesses() {
        String account = newAccount();
        hasId(customer(account), "GET", "/v1/offers", 200);
        hasId(customer(account).body(Map.of("offerId", PAYG, "displayName", "Mine")), "POST", "/v1/subscriptions", 201);
        hasId(given(), "GET", "/q/health", 200);
        hasId(given(), "GET", "/q/health/ready", 200);
        hasId(given(), "GET", "/portal/", 200);
        hasId(given(), "GET", "/portal/app.js", 200);
        hasId(given(), "GET", "/q/openapi", 200);
    }

    @Test
    void onProblemsFromQuarkusRest() {
        String account = newAccount();
        problemHasId(
                raw().contentType("application/json")
                        .auth()
                        .oauth2(token(account, "customer"))
                        .body("{\"offerId\": "),
                "POST",
                "/v1/subscriptions",
                400);
        problemHasId(raw(), "GET", "/v1/offers", 401);
        problemHasId(customer(account), "POST", "/v1/jobs/upgrade-finalization", 403);
        problemHasId(customer(account), "GET", "/v1/subscriptions/" + UUID.randomUUID(), 404);
        problemHasId(raw().auth().oauth2(token(account, "customer")), "GET", "/v1/no-such-thing", 404);
        problemHasId(raw().auth().oauth2(token(account, "customer")), "GET", "/no-such-thing", 404);
        problemHasId(raw().auth().oauth2(token(account, "operator")), "DELETE", "/v1/offers", 405);
        // A media type the contract does not list: without its filter.
        problemHasId(
                given().auth().oauth2(token(account, "customer")).accept("application/xml"), "GET", "/v1/offers", 406);
        problemHasId(
                raw().auth()
                        .oauth2(token(account, "customer"))
                        .contentType("text/plain")
                        .body("x"),
                "POST",
                "/v1/subscriptions",
                415);
    }

    @Test
    void onProblemsFromTheRoutesInFrontOfQuarkusRest() throws IOException {
        String subscription = subscribe(newAccount(), PAYG);
        // RoleFirst: a wrong role with a body it would refuse; BodyLimit: a body over the limit. Neither body is one
        // the
        // contract allows, so without its filter.
        problemHasId(
                given().auth()
                        .oauth2(token(newAccount(), "customer"))
                        .contentType("text/plain")
                        .body("x"),
                "POST",
                "/v1/subscriptions/" + subscription + "/usage",
                403);
        problemHasId(
                given().auth()
                        .oauth2(token("meter-pipeline", "meter"))
                        .contentType("application/json")
                        .body("x".repeat(2 * 1024 * 1024 + 1)),
                "POST",
                "/v1/subscriptions/" + subscription + "/usage",
                413);
        // UrlCheck: a URL no URI parser takes, and a request without Host, over a plain socket.
        for (String head :
                List.of("GET /v1/subscriptions/%ZZ HTTP/1.1\r\nHost: localhost\r\n", "GET /v1/offers HTTP/1.1\r\n")) {
            String[] response = send(head + "X-Request-Id: sock-1\r\n");
            assertTrue(response[0].startsWith("HTTP/1.1 400"), head + response[0]);
            assertTrue((response[0] + "\n").toLowerCase(Locale.ROOT).contains("\nx-request-id: sock-1\n"), response[0]);
            assertEquals("sock-1", JsonPath.from(response[1]).getString("requestId"), head + response[0] + response[1]);
        }
    }

    @Test
    void aReplayedProblemKeepsTheOriginalRequestsIdInItsBody() {
        String account = newAccount();
        String key = UUID.randomUUID().toString();
        Map<String, String> unknownOffer = Map.of("offerId", "NO-SUCH", "displayName", "x");
        Response first = customer(account)
                .header("Idempotency-Key", key)
                .header(RequestIds.HEADER, "first-" + key)
                .body(unknownOffer)
                .post("/v1/subscriptions");
        Response replay = customer(account)
                .header("Idempotency-Key", key)
                .header(RequestIds.HEADER, "replay-" + key)
                .body(unknownOffer)
                .post("/v1/subscriptions");
        assertEquals(422, first.statusCode(), first.asString());
        assertEquals("first-" + key, first.path("requestId"));
        assertEquals(422, replay.statusCode(), replay.asString());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals("replay-" + key, replay.header(RequestIds.HEADER));
        assertEquals("first-" + key, replay.path("requestId"));
    }

    @Test
    void aResourcesLogLinesCarryTheId() {
        String id = "job-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.start()) {
            operator()
                    .header(RequestIds.HEADER, id)
                    .post("/v1/jobs/upgrade-finalization")
                    .then()
                    .statusCode(200);
            List<LogCapture.Line> lines = logs.of(UpgradeJobResource.class);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).message().startsWith("Upgrade job ran: "), lines.toString());
            assertEquals(id, lines.get(0).requestId(), lines.toString());
        }
    }

    @Test
    void theExceptionMappersLogLinesCarryTheId() {
        // The mapper logs each problem at DEBUG: switched on for this test only. A GET of a subscription runs on a
        // worker thread, and so does the mapper of its 404.
        Logger mapperLog = Logger.getLogger(ProblemMappers.class.getName());
        Level before = mapperLog.getLevel();
        mapperLog.setLevel(Level.FINE);
        String id = "nf-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.start()) {
            Response r =
                    customer(newAccount()).header(RequestIds.HEADER, id).get("/v1/subscriptions/" + UUID.randomUUID());
            assertEquals(404, r.statusCode(), r.asString());
            assertEquals(id, r.path("requestId"));
            List<LogCapture.Line> lines = logs.of(ProblemMappers.class);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).message().startsWith("Answered 404 not-found: "), lines.toString());
            assertEquals(id, lines.get(0).requestId(), lines.toString());
        } finally {
            mapperLog.setLevel(before);
        }
    }

    @Test
    void logLinesOfOtherRequestsDoNotCarryIt() {
        String id = "mine-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.start()) {
            operator()
                    .header(RequestIds.HEADER, id)
                    .post("/v1/jobs/upgrade-finalization")
                    .then()
                    .statusCode(200);
            operator().post("/v1/jobs/upgrade-finalization").then().statusCode(200);
            List<LogCapture.Line> lines = logs.of(UpgradeJobResource.class);
            assertEquals(2, lines.size(), lines.toString());
            assertEquals(id, lines.get(0).requestId());
            assertNotEquals(id, lines.get(1).requestId());
            assertNotNull(lines.get(1).requestId());
        }
    }

    @Test
    void corsLetsThePortalSendAndReadIt() {
        given().header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-request-id")
                .options("/v1/offers")
                .then()
                .statusCode(200)
                .header(
                        "Access-Control-Allow-Headers",
                        org.hamcrest.Matchers.containsStringIgnoringCase("X-Request-Id"));
        customer(newAccount())
                .header("Origin", "http://localhost:3000")
                .get("/v1/offers")
                .then()
                .header(
                        "Access-Control-Expose-Headers",
                        org.hamcrest.Matchers.containsStringIgnoringCase("X-Request-Id"));
    }

    private static String isNewId(Response r) {
        String id = r.header(RequestIds.HEADER);
        assertNotNull(id, r.headers().toString());
        assertEquals(id, UUID.fromString(id).toString());
        return id;
    }

    private static void hasId(RequestSpecification request, String method, String path, int status) {
        String id = "t-" + UUID.randomUUID();
        Response r = request.header(RequestIds.HEADER, id).request(method, path);
        assertEquals(status, r.statusCode(), method + " " + path + ": " + r.asString());
        assertEquals(id, r.header(RequestIds.HEADER), method + " " + path);
    }

    private static void problemHasId(RequestSpecification request, String method, String path, int status) {
        String id = "p-" + UUID.randomUUID();
        Response r = request.header(RequestIds.HEADER, id).request(method, path);
        assertEquals(status, r.statusCode(), method + " " + path + ": " + r.asString());
        assertTrue(r.contentType().startsWith(Problem.MEDIA_TYPE), method + " " + path + ": " + r.contentType());
        assertEquals(id, r.header(RequestIds.HEADER), method + " " + path);
        assertEquals(id, r.path("requestId"), method + " " + path + ": " + r.asString());
    }

    /** The head and the body of the answer to {@code head} (request line and headers), sent byte for byte. */
    private String[] send(String head) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Accept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            return new String[] {all.substring(0, end).replace("\r\n", "\n"), all.substring(end + 4)};
        }
    }
}
