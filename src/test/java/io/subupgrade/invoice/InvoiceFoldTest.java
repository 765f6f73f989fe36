package io.subupgrade.invoice;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.subupgrade.testing.SandboxClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Usage reaches the invoices by folding (InvoiceFold; its job is off in tests): what is not folded yet is folded by
 * the finalization before it freezes an invoice, and by a read, each month's records into that month's invoice.
 */
@QuarkusTest
class InvoiceFoldTest {
    @Inject
    EntityManager em;

    @Test
    void finalizationFoldsTheTailFirstAndEachOpenMonthGetsItsOwnRecords() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        hours(id, "m1-a", 10).then().statusCode(201); // 0.96
        Response draft = customer(account).get("/v1/subscriptions/" + id + "/invoices/upcoming");
        draft.then().body("total.amount", equalTo("0.96"));
        String last = draft.path("id");
        Instant periodEnd = Instant.parse(draft.path("periodEnd"));

        // Not read again: left in the tail of last month's invoice.
        hours(id, "m1-b", 5).then().statusCode(201); // 0.48
        // The next month, within last month's grace: a second DRAFT invoice opens, with its own tail.
        SandboxClock.advance(Duration.between(SandboxClock.now(), periodEnd).plusMinutes(1));
        hours(id, "m2-a", 1).then().statusCode(201); // 0.096
        assertEquals(0, new BigDecimal("0.96").compareTo(total(last)), "last month's row before any fold of its tail");

        // Past the grace: finalization folds last month's tail into it before numbering it.
        SandboxClock.advance(Duration.ofMinutes(5));
        operator().post("/v1/jobs/invoice-finalization").then().statusCode(200);
        customer(account)
                .get("/v1/invoices/" + last)
                .then()
                .statusCode(200)
                .body("status", equalTo("FINALIZED"))
                .body("total.amount", equalTo("1.44"))
                .body("lines[0].quantity", equalTo("15"));

        // This month's invoice holds this month's record only, and follows new usage at once.
        hours(id, "m2-b", 2).then().statusCode(201); // 0.192
        Response upcoming = customer(account).get("/v1/subscriptions/" + id + "/invoices/upcoming");
        upcoming.then()
                .statusCode(200)
                .body("status", equalTo("DRAFT"))
                .body("total.amount", equalTo("0.288"))
                .body("lines[0].quantity", equalTo("3"));
        assertNotEquals(last, upcoming.path("id"));
        // The cost summary sums both months, folded.
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .statusCode(200)
                .body("usageCost.amount", equalTo("1.728"));
    }

    private BigDecimal total(String invoiceId) {
        return (BigDecimal) em.createNativeQuery("SELECT total FROM invoice WHERE id = ?1")
                .setParameter(1, UUID.fromString(invoiceId))
                .getSingleResult();
    }
}
