package io.subupgrade.benefit;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One currency per subscription: its credit, its usage and its cost summary never mix currencies. */
@QuarkusTest
class CurrencyIntegrityTest {
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY");

    /**
     * A subscription without credit (Microsoft Imagine) receives four grants in four currencies at the same moment,
     * twenty times over (every other round with Idempotency-Keys): each time exactly one currency wins, the others get
     * 422 currency-mismatch.
     */
    @Test
    void concurrentGrantsInDifferentCurrenciesLeaveOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CURRENCIES.size());
        try {
            for (int round = 0; round < 20; round++) {
                String account = newAccount();
                String id = subscribe(account, IMAGINE);
                CyclicBarrier start = new CyclicBarrier(CURRENCIES.size());
                boolean idempotent = round % 2 == 1;
                List<Callable<Response>> calls = new ArrayList<>();
                for (String currency : CURRENCIES) {
                    calls.add(() -> {
                        var request = operator()
                                .body(Map.of(
                                        "amount", Map.of("amount", "25.00", "currency", currency), "reason", "promo"));
                        if (idempotent) {
                            // Then the request's transaction holds the subscription before the grant locks it.
                            request.header("Idempotency-Key", UUID.randomUUID().toString());
                        }
                        start.await();
                        return request.post("/v1/subscriptions/" + id + "/benefits");
                    });
                }
                List<String> won = new ArrayList<>();
                for (Future<Response> f : pool.invokeAll(calls)) {
                    Response r = f.get();
                    if (r.statusCode() == 201) {
                        won.add(r.path("original.currency"));
                    } else {
                        assertEquals(422, r.statusCode(), r.asString());
                        assertEquals("currency-mismatch", r.path("code"));
                    }
                }
                assertEquals(1, won.size(), "round " + round + ": " + won);
                Response benefits = customer(account).get("/v1/subscriptions/" + id + "/benefits");
                assertEquals(List.of(won.get(0)), benefits.path("data.original.currency"));
                customer(account)
                        .get("/v1/subscriptions/" + id)
                        .then()
                        // Written with the winner's minor unit: JPY has none.
                        .body("creditRemaining.amount", equalTo(won.get(0).equals("JPY") ? "25" : "25.00"))
                        .body("creditRemaining.currency", equalTo(won.get(0)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void usageOfAMeterInAnotherCurrencyIsRefusedAndChargesNothing() {
        String meterId = euroMeter();
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        meter().body(Map.of("eventId", "eur-1", "meterId", meterId, "quantity", "10"))
                .post("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(422)
                .body("code", equalTo("currency-mismatch"));
        // In a batch the record is rejected, the others are charged.
        meter().body(Map.of(
                        "records",
                        List.of(
                                Map.of("subscriptionId", id, "eventId", "eur-2", "meterId", meterId, "quantity", "10"),
                                Map.of(
                                        "subscriptionId",
                                        id,
                                        "eventId",
                                        "usd-1",
                                        "meterId",
                                        "vm-d2s-v3-hour",
                                        "quantity",
                                        "10"))))
                .post("/v1/usage-batches")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("REJECTED"))
                .body("results[0].problem.code", equalTo("currency-mismatch"))
                .body("results[1].status", equalTo("CREATED"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .statusCode(200)
                .body("currency", equalTo("USD"))
                .body("usageCost.amount", equalTo("0.96"))
                .body("creditRemaining.amount", equalTo("199.04"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/usage")
                .then()
                .body("data.eventId", equalTo(List.of("usd-1")));
    }

    /** A subscription without credit takes the currency of its first usage; grants must then match it. */
    @Test
    void firstUsageFixesTheCurrencyOfASubscriptionWithoutCredit() {
        String meterId = euroMeter();
        String account = newAccount();
        String id = subscribe(account, PAYG);
        meter().body(Map.of("eventId", "e1", "meterId", meterId, "quantity", "2"))
                .post("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(201)
                .body("cost.currency", equalTo("EUR"));
        meter().body(Map.of("eventId", "u1", "meterId", "vm-d2s-v3-hour", "quantity", "2"))
                .post("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(422)
                .body("code", equalTo("currency-mismatch"));
        operator()
                .body(Map.of("amount", Map.of("amount", "5.00", "currency", "USD"), "reason", "wrong currency"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(422)
                .body("code", equalTo("currency-mismatch"));
        operator()
                .body(Map.of("amount", Map.of("amount", "5.00", "currency", "EUR"), "reason", "right currency"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(201);
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .body("currency", equalTo("EUR"))
                .body("usageCost.amount", equalTo("1.80"))
                .body("creditRemaining.currency", equalTo("EUR"));
    }

    /** A meter priced at 0.90 EUR per hour. */
    private static String euroMeter() {
        String id = "eur-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .body(Map.of(
                        "name",
                        "GPU hour (EUR)",
                        "unit",
                        "1 Hour",
                        "unitPrice",
                        Map.of("amount", "0.90", "currency", "EUR")))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(201);
        return id;
    }
}
