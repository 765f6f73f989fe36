package io.subupgrade.web.idempotency;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.PAYG;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {
    private static final Map<String, String> PAYG_BODY = Map.of("offerId", PAYG, "displayName", "Retried");

    @Inject
    IdempotencyStore store;

    @Inject
    AgroalDataSource dataSource;

    private static Response create(String account, String key, Object body) {
        return customer(account)
                .header(IdempotencyFilter.HEADER, key)
                .body(body)
                .post("/v1/subscriptions");
    }

    private static int subscriptionsOf(String account) {
        return customer(account)
                .queryParam("limit", 100)
                .get("/v1/subscriptions")
                .then()
                .statusCode(200)
                .extract()
                .path("data.size()");
    }

    @Test
    void retryReplaysTheStoredResponseAndCreatesOnce() {
        String account = newAccount();
        String key = UUID.randomUUID().toString();
        Response first = create(account, key, PAYG_BODY);
        first.then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue());

        Response retry = create(account, key, PAYG_BODY);
        retry.then()
                .statusCode(201)
                .header(IdempotencyFilter.REPLAYED_HEADER, "true")
                .header("Location", first.header("Location"))
                .header("ETag", first.header("ETag"))
                .contentType(first.contentType());
        assertArrayEquals(first.asByteArray(), retry.asByteArray());
        assertEquals(1, subscriptionsOf(account));
    }

    @Test
    void sameKeyWithAnotherBodyIsRefused() {
        String account = newAccount();
        String key = UUID.randomUUID().toString();
        create(account, key, PAYG_BODY).then().statusCode(201);
        create(account, key, Map.of("offerId", PAYG, "displayName", "Something else"))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("idempotency-key-reused"));
        assertEquals(1, subscriptionsOf(account));
    }

    private static Response createRaw(String account, String key, String json) {
        return raw().auth()
                .oauth2(token(account, "customer"))
                .contentType("application/json")
                .accept("application/json")
                .header(IdempotencyFilter.HEADER, key)
                .body(json)
                .post("/v1/subscriptions");
    }

    @Test
    void theSameJsonWithKeysReorderedOrRespacedIsAReplay() {
        String account = newAccount();
        String key = UUID.randomUUID().toString();
        Response first = createRaw(account, key, "{\"offerId\":\"" + PAYG + "\",\"displayName\":\"Retried\"}");
        first.then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue());

        for (String same : List.of(
                "{\"displayName\":\"Retried\",\"offerId\":\"" + PAYG + "\"}",
                "{\n  \"displayName\" : \"Retried\",\r\n\t\"offerId\": \"" + PAYG + "\"\n}\n",
                // The same string written with an escape: the same value.
                "{\"offerId\":\"" + PAYG + "\",\"displayName\":\"Retri\\u0065d\"}")) {
            Response retry = createRaw(account, key, same);
            retry.then()
                    .statusCode(201)
                    .header(IdempotencyFilter.REPLAYED_HEADER, "true")
                    .header("Location", first.header("Location"));
            assertArrayEquals(first.asByteArray(), retry.asByteArray(), same);
        }
        assertEquals(1, subscriptionsOf(account));
    }

    @Test
    void aDifferentValueInAnyOrderIsStillRefused() {
        String account = newAccount();
        String key = UUID.randomUUID().toString();
        createRaw(account, key, "{\"offerId\":\"" + PAYG + "\",\"displayName\":\"Retried\"}")
                .then()
                .statusCode(201);
        for (String other : List.of(
                "{\"displayName\":\"Retried \",\"offerId\":\"" + PAYG + "\"}",
                "{\"displayName\":\"retried\",\"offerId\":\"" + PAYG + "\"}",
                "{\"offerId\":\"" + PAYG + "\"}")) {
            createRaw(account, key, other).then().statusCode(422).body("code", equalTo("idempotency-key-reused"));
        }
        assertEquals(1, subscriptionsOf(account));
    }

    /**
     * A key stored before requests were compared by meaning has only the fingerprint of its bytes: the very same bytes
     * are still a replay and anything else a 422, as when it was stored; never a replay of a changed request.
     */
    @Test
    void aKeyStoredWithOnlyTheBytesFingerprintIsComparedByBytes() throws SQLException {
        String account = newAccount();
        String key = UUID.randomUUID().toString();
        String body = "{\"offerId\":\"" + PAYG + "\",\"displayName\":\"Retried\"}";
        createRaw(account, key, body).then().statusCode(201);
        execute("UPDATE idempotency_key SET canonical_fingerprint = NULL WHERE idempotency_key = ?", key);

        createRaw(account, key, body).then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, "true");
        createRaw(account, key, "{\"displayName\":\"Retried\",\"offerId\":\"" + PAYG + "\"}")
                .then()
                .statusCode(422)
                .body("code", equalTo("idempotency-key-reused"));
        createRaw(account, key, "{\"offerId\":\"" + PAYG + "\",\"displayName\":\"Other\"}")
                .then()
                .statusCode(422)
                .body("code", equalTo("idempotency-key-reused"));
        assertEquals(1, subscriptionsOf(account));
    }

    @Test
    void keysOfTwoCallersNeverCollide() {
        String alice = newAccount();
        String bob = newAccount();
        String key = "shared-key-" + UUID.randomUUID();
        String a =
                create(alice, key, PAYG_BODY).then().statusCode(201).extract().path("id");
        create(bob, key, PAYG_BODY)
                .then()
                .statusCode(201)
                .header(IdempotencyFilter.REPLAYED_HEADER, nullValue())
                .body("ownerId", equalTo(bob));
        assertEquals(1, subscriptionsOf(alice));
        assertEquals(1, subscriptionsOf(bob));
        assertNotEquals(a, customer(bob).get("/v1/subscriptions").path("data[0].id"));
    }

    @Test
    void concurrentRetriesCreateExactlyOne() throws Exception {
        String account = newAccount();
        String key = UUID.randomUUID().toString();
        int threads = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Response> responses = new ArrayList<>();
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(() -> {
                    start.await();
                    return create(account, key, PAYG_BODY);
                });
            }
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> call : calls) {
                futures.add(pool.submit(call));
            }
            start.countDown();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> ids = new ArrayList<>();
        for (Response r : responses) {
            if (r.statusCode() == 201) {
                ids.add(r.path("id"));
            } else {
                assertEquals(409, r.statusCode(), r.asString());
                assertEquals("idempotency-key-in-use", r.path("code"));
            }
        }
        assertTrue(!ids.isEmpty(), "at least the first request succeeds");
        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        assertEquals(1, subscriptionsOf(account));
    }

    @Test
    void domainRefusalsAreReplayedButBadRequestsAreNot() {
        String account = newAccount();
        String unknownOffer = UUID.randomUUID().toString();
        Map<String, String> nope = Map.of("offerId", "NO-SUCH", "displayName", "x");
        create(account, unknownOffer, nope).then().statusCode(422).body("code", equalTo("unknown-offer"));
        create(account, unknownOffer, nope)
                .then()
                .statusCode(422)
                .header(IdempotencyFilter.REPLAYED_HEADER, "true")
                .body("code", equalTo("unknown-offer"));

        // A 400 leaves the key free, so the corrected request can use it.
        String key = UUID.randomUUID().toString();
        raw().auth()
                .oauth2(token(account, "customer"))
                .contentType("application/json")
                .header(IdempotencyFilter.HEADER, key)
                .body("{\"offerId\": ")
                .post("/v1/subscriptions")
                .then()
                .statusCode(400);
        create(account, key, PAYG_BODY).then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue());
    }

    @Test
    void aRefusedRoleDoesNotClaimTheKey() throws SQLException {
        String key = UUID.randomUUID().toString();
        meter().header(IdempotencyFilter.HEADER, key)
                .body(PAYG_BODY)
                .post("/v1/subscriptions")
                .then()
                .statusCode(403);
        assertEquals(0, keysNamed(key));
    }

    @Test
    void malformedKeyIsA400() {
        raw().auth()
                .oauth2(token(newAccount(), "customer"))
                .contentType("application/json")
                .header(IdempotencyFilter.HEADER, "k".repeat(256))
                .body(PAYG_BODY)
                .post("/v1/subscriptions")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo(IdempotencyFilter.HEADER));
    }

    @Test
    void purgeForgetsKeysOlderThanADay() throws SQLException {
        String account = newAccount();
        String old = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        String first = create(account, old, PAYG_BODY).path("id");
        create(account, fresh, PAYG_BODY).then().statusCode(201);
        execute("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE idempotency_key = ?", old);

        store.purge(Instant.now());

        assertEquals(0, keysNamed(old));
        assertEquals(1, keysNamed(fresh));
        // The forgotten key now starts a new request.
        String second =
                create(account, old, PAYG_BODY).then().statusCode(201).extract().path("id");
        assertNotEquals(first, second);
    }

    private int keysNamed(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void execute(String sql, String param) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            ps.executeUpdate();
        }
    }
}
