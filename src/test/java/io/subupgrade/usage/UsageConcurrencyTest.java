package io.subupgrade.usage;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Real threads against the real database: credit is never overspent and no charge is lost. */
@QuarkusTest
class UsageConcurrencyTest {

    @Test
    void sixteenThreadsNeverOverspendTheCredit() throws Exception {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String eventId = "c" + i;
            // 10 hours = 0.96; 400 of them (384.00) are far more than the 200.00 of credit.
            calls.add(() -> hours(id, eventId, 10));
        }
        BigDecimal covered = BigDecimal.ZERO;
        int created = 0;
        int refused = 0;
        try {
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                if (r.statusCode() == 201) {
                    created++;
                    covered = covered.add(new BigDecimal(r.<String>path("coveredByCredit.amount")));
                } else {
                    assertEquals(409, r.statusCode(), r.asString());
                    assertEquals("subscription-disabled", r.path("code"));
                    refused++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, new BigDecimal("200.00").compareTo(covered), "covered " + covered);
        // 208 records of 0.96 fit in 200.00; the 209th takes the last 0.32 and disables the trial.
        assertEquals(209, created);
        assertEquals(191, refused);
        Response summary = customer(account).get("/v1/subscriptions/" + id + "/cost-summary");
        assertEquals("200.00", summary.path("coveredByCredit.amount"));
        assertEquals("0.00", summary.path("creditRemaining.amount"));
        assertEquals("0.64", summary.path("notCharged.amount"));
    }

    @Test
    void theSameEventSentConcurrentlyIsRecordedOnce() throws Exception {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> hours(id, "same-event", 100));
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (Future<Response> f : pool.invokeAll(calls)) {
                statuses.add(f.get().statusCode());
                ids.add(f.get().path("id"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, ids.stream().distinct().count());
        customer(account).get("/v1/subscriptions/" + id).then().extract().path("creditRemaining.amount");
        assertEquals("190.40", customer(account).get("/v1/subscriptions/" + id).path("creditRemaining.amount"));
    }
}
