package io.subupgrade.benefit;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BenefitResourceTest {

    @Test
    void operatorGrantsPromotionalCreditThatAddsUp() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        // Business time, not wall time: other tests move the shared sandbox clock forward.
        Instant now = Instant.parse(operator().get("/v1/sandbox/clock").path("now"));
        String expiresAt =
                now.plus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        operator()
                .body(Map.of(
                        "amount",
                        Map.of("amount", "25.125", "currency", "USD"),
                        "expiresAt",
                        expiresAt,
                        "reason",
                        "Conference promo"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(201)
                .body("kind", equalTo("CREDIT"))
                .body("original.amount", equalTo("25.125"))
                .body("remaining.amount", equalTo("25.125"))
                .body("status", equalTo("ACTIVE"))
                .body("reason", equalTo("Conference promo"))
                .body("expiresAt", equalTo(expiresAt));
        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .body("creditRemaining.amount", equalTo("225.125"))
                .body("creditOriginal.amount", equalTo("225.125"));
        customer(account).get("/v1/subscriptions/" + id + "/benefits").then().body("data.size()", equalTo(2));
    }

    @Test
    void theSubscriptionsCreditCountsUnexpiredGrantsOnlyAndIsAbsentWithoutAny() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        // No grant at all: the GET's lateral sums are over no rows, and the credit fields stay out.
        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("creditRemaining", nullValue())
                .body("creditOriginal", nullValue());
        Instant now = Instant.parse(operator().get("/v1/sandbox/clock").path("now"));
        String soon =
                now.plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        grant(id, "10", soon);
        grant(id, "5", null);
        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .body("creditRemaining.amount", equalTo("15.00"))
                .body("creditOriginal.amount", equalTo("15.00"));
        operator()
                .body(Map.of("duration", Duration.ofDays(3).toString()))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(200);
        // The expired grant still counts in what was granted, no longer in what is left.
        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .body("creditRemaining.amount", equalTo("5.00"))
                .body("creditOriginal.amount", equalTo("15.00"));
    }

    private static void grant(String subscriptionId, String amount, String expiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("amount", Map.of("amount", amount, "currency", "USD"));
        body.put("reason", "Goodwill");
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt);
        }
        operator()
                .body(body)
                .post("/v1/subscriptions/" + subscriptionId + "/benefits")
                .then()
                .statusCode(201);
    }

    @Test
    void creditWithoutExpiryOnPayAsYouGo() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        operator()
                .body(Map.of("amount", Map.of("amount", "10", "currency", "USD"), "reason", "Goodwill"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(201)
                .body("expiresAt", nullValue())
                .body("original.amount", equalTo("10.00"));
    }

    @Test
    void grantsAreValidated() {
        String id = subscribe(newAccount(), FREE_TRIAL);
        operator()
                .body(Map.of("amount", Map.of("amount", "0", "currency", "USD"), "reason", "zero"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("amount.amount"));
        operator()
                .body(Map.of("amount", Map.of("amount", "5", "currency", "EUR"), "reason", "euro"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(422)
                .body("code", equalTo("currency-mismatch"));
        operator()
                .body(Map.of(
                        "amount", Map.of("amount", "5", "currency", "USD"),
                        "reason", "past",
                        "expiresAt", "2000-01-01T00:00:00Z"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"));
    }

    @Test
    void onlyOperatorsGrant() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        customer(account)
                .body(Map.of("amount", Map.of("amount", "1000", "currency", "USD"), "reason", "free money"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        customer(account).get("/v1/subscriptions/" + id).then().body("creditRemaining.amount", equalTo("200.00"));
    }
}
