package io.subupgrade.web.idempotency;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The portal's "Confirm" may be sent many times at once; it must upgrade once. */
@QuarkusTest
class IdempotentUpgradeRequestTest {

    @Test
    void tenConcurrentConfirmationsWithOneKeyCreateOneRequest() throws Exception {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> customer(account)
                    .header(IdempotencyFilter.HEADER, "confirm-" + id)
                    .body(Map.of("targetOfferId", PAYG, "confirm", true))
                    .post("/v1/subscriptions/" + id + "/upgrade-requests"));
        }
        List<Response> created = new ArrayList<>();
        try {
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                if (r.statusCode() == 201) {
                    created.add(r);
                } else {
                    assertEquals(409, r.statusCode(), r.asString());
                    assertEquals("idempotency-key-in-use", r.path("code"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(!created.isEmpty(), "at least one confirmation succeeds");
        // Every 201 is the same stored response: one request, one Location.
        assertEquals(
                1, created.stream().map(r -> r.<String>path("id")).distinct().count());
        assertEquals(
                1, created.stream().map(r -> r.header("Location")).distinct().count());
        assertEquals(
                1,
                customer(account)
                        .get("/v1/subscriptions/" + id + "/upgrade-requests")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<?>>path("data")
                        .size());
    }
}
