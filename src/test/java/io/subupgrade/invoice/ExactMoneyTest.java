package io.subupgrade.invoice;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.record;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.subupgrade.testing.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exact money through HTTP (docs/design.md §14): usage batches are priced unrounded, credit burns down by exact
 * amounts, and the invoice's lines and totals are exact; only {@code amountDue} is rounded, to the currency's minor
 * unit. Every request and answer is checked against openapi.yaml by the test filter.
 */
@QuarkusTest
class ExactMoneyTest {

    @Test
    void aTinyRecordNeverCostsZero() {
        String egress = putMeter("0.087", "USD");
        String account = newAccount();
        String id = subscribe(account, PAYG);
        Response batch = batch(id, egress, "0.000005", 200);
        batch.then()
                .statusCode(200)
                .body("results.status", everyItem(equalTo("CREATED")))
                .body("results.record.cost.amount", everyItem(equalTo("0.000000435")))
                .body("results.record.billable.amount", everyItem(equalTo("0.000000435")));

        Response invoice = upcoming(account, id);
        invoice.then()
                .statusCode(200)
                .body("lines", hasSize(1))
                .body("lines[0].quantity", equalTo("0.001"))
                .body("lines[0].unitPrice.amount", equalTo("0.087"))
                .body("lines[0].amount.amount", equalTo("0.000087"))
                .body("subtotal.amount", equalTo("0.000087"))
                .body("total.amount", equalTo("0.000087"))
                .body("amountDue.amount", equalTo("0.00"));
        assertInvariant(invoice);
    }

    @Test
    void creditBurnsDownByTheExactCostOfEveryRecord() {
        String meterId = putMeter("0.333333", "USD");
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL); // 200.00 USD of credit
        // 576 × 0.000007 × 0.333333 = 0.001343998656; rounded per record to 6 places it was 576 × 0.000002.
        batch(id, meterId, "0.000007", 576)
                .then()
                .statusCode(200)
                .body("results.record.cost.amount", everyItem(equalTo("0.000002333331")))
                .body("results.record.coveredByCredit.amount", everyItem(equalTo("0.000002333331")));

        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("creditRemaining.amount", equalTo("199.998656001344"))
                .body("creditOriginal.amount", equalTo("200.00"));
        Response invoice = upcoming(account, id);
        invoice.then()
                .body("lines[0].quantity", equalTo("0.004032"))
                .body("lines[0].amount.amount", equalTo("0.001343998656"))
                .body("subtotal.amount", equalTo("0.001343998656"))
                .body("creditApplied.amount", equalTo("0.001343998656"))
                .body("total.amount", equalTo("0.00"))
                .body("amountDue.amount", equalTo("0.00"));
        assertInvariant(invoice);
    }

    @Test
    void aLineIsItsQuantityTimesItsUnitPrice() {
        String egress = putMeter("0.087", "USD");
        String account = newAccount();
        String id = subscribe(account, PAYG);
        // 192.000808 GB in three records; each costs its exact share, so the line is 192.000808 × 0.087.
        List<Map<String, Object>> records = List.of(
                record(id, "a", egress, "100.000404"),
                record(id, "b", egress, "92.000003"),
                record(id, "c", egress, "0.000401"));
        meter().body(Map.of("records", records))
                .post("/v1/usage-batches")
                .then()
                .statusCode(200)
                .body("results.record.cost.amount", equalTo(List.of("8.700035148", "8.004000261", "0.000034887")));

        Response invoice = upcoming(account, id);
        invoice.then()
                .body("lines[0].quantity", equalTo("192.000808"))
                .body("lines[0].amount.amount", equalTo("16.704070296"))
                .body("total.amount", equalTo("16.704070296"))
                .body("amountDue.amount", equalTo("16.70"));
        assertEquals(
                new BigDecimal(invoice.<String>path("lines[0].quantity"))
                        .multiply(new BigDecimal(invoice.<String>path("lines[0].unitPrice.amount"))),
                new BigDecimal(invoice.<String>path("lines[0].amount.amount")));
        assertInvariant(invoice);
    }

    @Test
    void aUnitPriceOfTenDecimalsPricesExactly() {
        String gbSecond = putMeter("0.0000166667", "USD");
        String account = newAccount();
        String id = subscribe(account, PAYG);
        Usage.post(id, "e1", gbSecond, "0.000007")
                .then()
                .statusCode(201)
                .body("cost.amount", equalTo("0.0000000001166669"))
                .body("billable.amount", equalTo("0.0000000001166669"));
        Response invoice = upcoming(account, id);
        invoice.then()
                .body("lines[0].unitPrice.amount", equalTo("0.0000166667"))
                .body("lines[0].amount.amount", equalTo("0.0000000001166669"))
                .body("amountDue.amount", equalTo("0.00"));
        assertInvariant(invoice);
    }

    @Test
    void creditRunningOutMidRecordSplitsTheCostExactly() {
        // An offer whose credit is less than one record's cost, with the spending limit on.
        String offerId = "EXACT-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .body(Map.of(
                        "name",
                        "Tiny credit",
                        "category",
                        "STUDENT",
                        "credit",
                        Map.of("amount", "0.0000005", "currency", "USD"),
                        "termDays",
                        30,
                        "spendingLimit",
                        "ON",
                        "upgradableTo",
                        List.of()))
                .put("/v1/offers/" + offerId)
                .then()
                .statusCode(201)
                .body("credit.amount", equalTo("0.0000005"));
        String egress = putMeter("0.087", "USD");
        String account = newAccount();
        String id = subscribe(account, offerId);
        Usage.post(id, "e1", egress, "0.000007") // 0.000000609
                .then()
                .statusCode(201)
                .body("cost.amount", equalTo("0.000000609"))
                .body("coveredByCredit.amount", equalTo("0.0000005"))
                .body("notCharged.amount", equalTo("0.000000109"))
                .body("billable.amount", equalTo("0.00"));
        Response invoice = upcoming(account, id);
        invoice.then()
                .body("subtotal.amount", equalTo("0.000000609"))
                .body("creditApplied.amount", equalTo("0.0000005"))
                .body("notCharged.amount", equalTo("0.000000109"))
                .body("total.amount", equalTo("0.00"))
                .body("amountDue.amount", equalTo("0.00"));
        assertInvariant(invoice);
    }

    @Test
    void amountDueIsRoundedOnceToTheCurrencysMinorUnit() {
        // USD: 2 places. 1001 × 0.005 = 5.005 → 5.01 (half-up).
        assertDue("0.005", "USD", "1001", "5.005", "5.01");
        // JPY: no minor unit. 1001 × 0.5 = 500.5 → 501; zero amounts are "0".
        Response yen = assertDue("0.5", "JPY", "1001", "500.5", "501");
        yen.then()
                .body("currency", equalTo("JPY"))
                .body("creditApplied.amount", equalTo("0"))
                .body("lines[0].unitPrice.amount", equalTo("0.5"));
        // KWD: 3 places. 3001 × 0.0005 = 1.5005 → 1.501; 3000 × 0.0005 = 1.5 is shown "1.500".
        Response dinar = assertDue("0.0005", "KWD", "3001", "1.5005", "1.501");
        dinar.then().body("creditApplied.amount", equalTo("0.000"));
        assertDue("0.0005", "KWD", "3000", "1.500", "1.500");
        assertDue("1", "JPY", "200", "200", "200");
    }

    private static Response assertDue(String price, String currency, String quantity, String total, String due) {
        String meterId = putMeter(price, currency);
        String account = newAccount();
        String id = subscribe(account, PAYG);
        Usage.post(id, "e1", meterId, quantity).then().statusCode(201).body("cost.amount", equalTo(total));
        Response invoice = upcoming(account, id);
        invoice.then()
                .statusCode(200)
                .body("currency", equalTo(currency))
                .body("lines[0].amount.amount", equalTo(total))
                .body("subtotal.amount", equalTo(total))
                .body("total.amount", equalTo(total))
                .body("amountDue.amount", equalTo(due))
                .body("amountDue.currency", equalTo(currency));
        assertInvariant(invoice);
        return invoice;
    }

    /** subtotal = creditApplied + notCharged + total, exactly, and every line is quantity × unit price. */
    private static void assertInvariant(Response invoice) {
        BigDecimal subtotal = amount(invoice, "subtotal");
        BigDecimal parts = amount(invoice, "creditApplied")
                .add(amount(invoice, "notCharged"))
                .add(amount(invoice, "total"));
        assertEquals(0, subtotal.compareTo(parts), () -> subtotal + " != " + parts);
        List<Map<String, Object>> lines = invoice.path("lines");
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, Object> line : lines) {
            @SuppressWarnings("unchecked")
            BigDecimal price = new BigDecimal((String) ((Map<String, Object>) line.get("unitPrice")).get("amount"));
            @SuppressWarnings("unchecked")
            BigDecimal amount = new BigDecimal((String) ((Map<String, Object>) line.get("amount")).get("amount"));
            BigDecimal quantity = new BigDecimal((String) line.get("quantity"));
            assertEquals(0, quantity.multiply(price).compareTo(amount), () -> line.toString());
            sum = sum.add(amount);
        }
        assertEquals(0, sum.compareTo(subtotal));
    }

    private static BigDecimal amount(Response invoice, String field) {
        return new BigDecimal(invoice.<String>path(field + ".amount"));
    }

    private static Response upcoming(String account, String subscriptionId) {
        return customer(account).get("/v1/subscriptions/" + subscriptionId + "/invoices/upcoming");
    }

    /** {@code count} records of {@code quantity} each, in one batch. */
    private static Response batch(String subscriptionId, String meterId, String quantity, int count) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(subscriptionId, "e" + i, meterId, quantity));
        }
        return meter().body(Map.of("records", records)).post("/v1/usage-batches");
    }

    /** A new meter at {@code price} per unit; returns its id. */
    private static String putMeter(String price, String currency) {
        String id = "exact-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .body(Map.of(
                        "name",
                        "Exact " + currency,
                        "unit",
                        "1 GB",
                        "unitPrice",
                        Map.of("amount", price, "currency", currency)))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(201);
        return id;
    }
}
