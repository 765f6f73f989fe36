package io.subupgrade.invoice;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.subupgrade.testing.SandboxClock;
import io.subupgrade.testing.SetAside;
import io.subupgrade.testing.TwoInstances;
import io.subupgrade.testing.Usage;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A subscription whose stored currency is not ISO 4217 (written before currencies were checked, or by hand) neither
 * stalls invoice finalization nor makes its reads fail (docs/design.md §14).
 */
@QuarkusTest
class InvoiceSetAsideTest {
    @Inject
    EntityManager em;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void anInvoiceInACurrencyThatIsNotIso4217IsSetAsideOnceWhileTwoRunsFinalizeTheOthers() throws Exception {
        List<String> accounts = List.of(newAccount(), newAccount(), newAccount());
        List<String> subscriptions =
                accounts.stream().map(a -> subscribe(a, PAYG)).toList();
        hours(subscriptions.get(0), "good-1", 10).then().statusCode(201);
        Usage.post(subscriptions.get(1), "bad-1", "vm-b1s-hour", "3").then().statusCode(201);
        hours(subscriptions.get(2), "good-2", 10).then().statusCode(201);
        List<String> invoices = subscriptions.stream()
                .map(id -> customer(accounts.get(subscriptions.indexOf(id)))
                        .get("/v1/subscriptions/" + id + "/invoices/upcoming")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("id"))
                .toList();
        String badAccount = accounts.get(1);
        String bad = subscriptions.get(1);
        String badInvoice = invoices.get(1);
        setCurrency(bad, "ABC");

        // Its reads answer, in its currency, with the exact total as the amount due (no minor unit to round to).
        customer(badAccount).get("/v1/subscriptions/" + bad).then().statusCode(200);
        customer(badAccount)
                .get("/v1/subscriptions/" + bad + "/cost-summary")
                .then()
                .statusCode(200);
        customer(badAccount)
                .get("/v1/subscriptions/" + bad + "/invoices/upcoming")
                .then()
                .statusCode(200)
                .body("currency", equalTo("ABC"))
                .body("total.amount", equalTo("0.0312"))
                .body("amountDue", equalTo(Map.of("amount", "0.0312", "currency", "ABC")));
        customer(badAccount)
                .get("/v1/subscriptions/" + bad + "/invoices")
                .then()
                .statusCode(200)
                .body("data[0].amountDue.amount", equalTo("0.0312"));
        customer(badAccount).get("/v1/invoices/" + badInvoice).then().statusCode(200);
        Response csv = customer(badAccount).accept("text/csv").get("/v1/invoices/" + badInvoice);
        csv.then().statusCode(200);
        assertTrue(
                csv.asString().contains("vm-b1s-hour,Virtual Machines B1s,1 Hour,3,0.0104,0.0312,ABC"), csv.asString());
        customer(badAccount)
                .accept("application/pdf")
                .get("/v1/invoices/" + badInvoice)
                .then()
                .statusCode(200);

        // Past the period and its grace, two runs at once.
        Instant periodEnd = Instant.parse(customer(accounts.get(0))
                .get("/v1/invoices/" + invoices.get(0))
                .then()
                .extract()
                .<String>path("periodEnd"));
        SandboxClock.advance(Duration.between(SandboxClock.now(), periodEnd).plusMinutes(10));
        double before = SetAside.counted(metrics, "invoice-finalization");

        int finalized = TwoInstances.run(() -> operator()
                .post("/v1/jobs/invoice-finalization")
                .then()
                .statusCode(200)
                .extract()
                .<Integer>path("finalized"));

        assertTrue(finalized >= 2, "finalized " + finalized);
        for (int i : List.of(0, 2)) {
            customer(accounts.get(i))
                    .get("/v1/invoices/" + invoices.get(i))
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("FINALIZED"))
                    .body("number", matchesPattern("^INV-[0-9]{6,}$"))
                    .body("amountDue.amount", equalTo("0.96"));
            assertEquals(1, finalizedEvents(subscriptions.get(i)));
        }
        customer(badAccount)
                .get("/v1/invoices/" + badInvoice)
                .then()
                .statusCode(200)
                .body("status", equalTo("DRAFT"))
                .body("number", nullValue());
        assertEquals(0, finalizedEvents(bad));
        List<Map<String, Object>> entries = SetAside.entriesFor("invoice-finalization", badInvoice);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(
                "IllegalArgumentException: \"ABC\" is not an ISO 4217 currency code",
                entries.get(0).get("reason"));
        assertEquals(before + 1, SetAside.counted(metrics, "invoice-finalization"));
        assertNumbersGapless();

        // A later run leaves it as it is, and finalizes what became due since.
        String later = subscribe(newAccount(), PAYG);
        hours(later, "later-1", 1).then().statusCode(201);
        SandboxClock.advance(Duration.ofDays(32));
        operator().post("/v1/jobs/invoice-finalization").then().statusCode(200);
        assertEquals(1, finalizedEvents(later));
        assertEquals(0, finalizedEvents(bad));
        assertEquals(before + 1, SetAside.counted(metrics, "invoice-finalization"));

        // The operator corrects the currency and retries: the next run finalizes it, rounded to cents.
        setCurrency(bad, "USD");
        SetAside.retry((String) entries.get(0).get("id"));
        operator().post("/v1/jobs/invoice-finalization").then().statusCode(200);
        customer(badAccount)
                .get("/v1/invoices/" + badInvoice)
                .then()
                .body("status", equalTo("FINALIZED"))
                .body("amountDue", equalTo(Map.of("amount", "0.03", "currency", "USD")));
        assertEquals(1, finalizedEvents(bad));
        assertEquals(List.of(), SetAside.entriesFor("invoice-finalization", badInvoice));
        assertNumbersGapless();
    }

    /** As a bad import would leave it: the subscription, its invoices and its usage in one currency. */
    private void setCurrency(String subscription, String currency) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("WITH s AS (UPDATE subscription SET currency"
                        + " = ?1 WHERE id = CAST(?2 AS uuid) RETURNING id),"
                        + " i AS (UPDATE invoice SET currency = ?1 WHERE subscription_id = CAST(?2 AS uuid) RETURNING id)"
                        + " UPDATE usage_record SET currency = ?1 WHERE subscription_id = CAST(?2 AS uuid)")
                .setParameter(1, currency)
                .setParameter(2, subscription)
                .executeUpdate());
    }

    private long finalizedEvents(String subscription) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM event WHERE subscription_id = CAST(?1 AS uuid)"
                                + " AND type = 'invoice.finalized'")
                        .setParameter(1, subscription)
                        .getSingleResult())
                .longValue();
    }

    /** The failed batch's numbers went back with it: 1..n, and the counter at n. */
    private void assertNumbersGapless() {
        Object[] row = (Object[]) em.createNativeQuery("SELECT count(*), min(number_sequence), max(number_sequence),"
                        + " (SELECT last_value FROM invoice_number) FROM invoice WHERE status = 'FINALIZED'")
                .getSingleResult();
        long n = ((Number) row[0]).longValue();
        assertEquals(1L, ((Number) row[1]).longValue());
        assertEquals(n, ((Number) row[2]).longValue());
        assertEquals(n, ((Number) row[3]).longValue());
    }
}
