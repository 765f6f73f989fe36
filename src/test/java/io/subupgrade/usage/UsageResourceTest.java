package io.subupgrade.usage;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.D2S_V3;
import static io.subupgrade.testing.Usage.hours;
import static io.subupgrade.testing.Usage.post;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsageResourceTest {

    @Test
    void trialCreditCoversUsageUntilItRunsOutThenTheTrialIsDisabled() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);

        hours(id, "e1", 1000)
                .then()
                .statusCode(201)
                .body("subscriptionId", equalTo(id))
                .body("eventId", equalTo("e1"))
                .body("meterId", equalTo(D2S_V3))
                .body("quantity", equalTo("1000"))
                .body("cost.amount", equalTo("96.00"))
                .body("coveredByCredit.amount", equalTo("96.00"))
                .body("billable.amount", equalTo("0.00"))
                .body("notCharged.amount", equalTo("0.00"));
        customer(account).get("/v1/subscriptions/" + id).then().body("creditRemaining.amount", equalTo("104.00"));

        hours(id, "e2", 2000)
                .then()
                .statusCode(201)
                .body("cost.amount", equalTo("192.00"))
                .body("coveredByCredit.amount", equalTo("104.00"))
                .body("billable.amount", equalTo("0.00"))
                .body("notCharged.amount", equalTo("88.00"));

        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .body("state", equalTo("DISABLED"))
                .body("disabledReason", equalTo("CREDIT_EXHAUSTED"))
                .body("creditRemaining.amount", equalTo("0.00"))
                .body("version", equalTo(1));
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .statusCode(200)
                .body("subscriptionId", equalTo(id))
                .body("currency", equalTo("USD"))
                .body("usageCost.amount", equalTo("288.00"))
                .body("coveredByCredit.amount", equalTo("200.00"))
                .body("billable.amount", equalTo("0.00"))
                .body("notCharged.amount", equalTo("88.00"))
                .body("creditRemaining.amount", equalTo("0.00"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .body("data[0].status", equalTo("EXHAUSTED"))
                .body("data[0].remaining.amount", equalTo("0.00"));

        hours(id, "e3", 1)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("subscription-disabled"));
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.eventId", contains("e1", "e2"));
    }

    @Test
    void exhaustingTheCreditWritesEvents() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        hours(id, "all", 5000).then().statusCode(201).body("notCharged.amount", equalTo("280.00"));
        Long exhausted = DbEvents.count(id, "credit.exhausted");
        Long disabled = DbEvents.count(id, "subscription.disabled");
        org.junit.jupiter.api.Assertions.assertEquals(1L, exhausted);
        org.junit.jupiter.api.Assertions.assertEquals(1L, disabled);
    }

    @Test
    void replayingAnEventIdReturnsTheOriginalAndChangesNothing() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        Response first = hours(id, "evt-1", 10);
        first.then().statusCode(201);
        post(id, "evt-1", "vm-b1s-hour", "99")
                .then()
                .statusCode(200)
                .body("id", equalTo(first.path("id")))
                .body("meterId", equalTo(D2S_V3))
                .body("quantity", equalTo("10"))
                .body("cost.amount", equalTo("0.96"));
        customer(account).get("/v1/subscriptions/" + id).then().body("creditRemaining.amount", equalTo("199.04"));
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(1));
    }

    @Test
    void costIsQuantityTimesUnitPriceUnrounded() {
        String id = subscribe(newAccount(), PAYG);
        post(id, "b1s", "vm-b1s-hour", "0.333333") // × 0.0104
                .then()
                .statusCode(201)
                .body("cost.amount", equalTo("0.0034666632"))
                .body("billable.amount", equalTo("0.0034666632"));
        post(id, "gb", "storage-hot-lrs-gb-month", "123456789.123456") // × 0.0184
                .then()
                .statusCode(201)
                .body("cost.amount", equalTo("2271604.9198715904"));
    }

    @Test
    void payAsYouGoBillsEverythingAndStaysActive() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        hours(id, "p1", 1000)
                .then()
                .statusCode(201)
                .body("coveredByCredit.amount", equalTo("0.00"))
                .body("billable.amount", equalTo("96.00"))
                .body("notCharged.amount", equalTo("0.00"));
        customer(account).get("/v1/subscriptions/" + id).then().body("state", equalTo("ACTIVE"));
    }

    @Test
    void burnDownTakesSoonestExpiringFirstAndNoExpiryLast() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        Instant createdAt =
                Instant.parse(customer(account).get("/v1/subscriptions/" + id).path("createdAt"));
        String neverExpires = grant(id, "10.00", null, "no expiry");
        String late = grant(id, "10.00", createdAt.plus(90, ChronoUnit.DAYS), "late");
        String soon = grant(id, "10.00", createdAt.plus(10, ChronoUnit.DAYS), "soon");

        // 15.36 = 160 hours: all of "soon", then 5.36 of "late"; the no-expiry grant is untouched.
        hours(id, "u1", 160)
                .then()
                .statusCode(201)
                .body("coveredByCredit.amount", equalTo("15.36"))
                .body("billable.amount", equalTo("0.00"));
        Response benefits = customer(account).get("/v1/subscriptions/" + id + "/benefits");
        org.junit.jupiter.api.Assertions.assertEquals("0.00", remaining(benefits, soon));
        org.junit.jupiter.api.Assertions.assertEquals("4.64", remaining(benefits, late));
        org.junit.jupiter.api.Assertions.assertEquals("10.00", remaining(benefits, neverExpires));

        // 20.00 more: 4.64 + 10.00 covered, 5.36 billable (spending limit OFF).
        hours(id, "u2", 208)
                .then()
                .body("cost.amount", equalTo("19.968"))
                .body("coveredByCredit.amount", equalTo("14.64"))
                .body("billable.amount", equalTo("5.328"));
    }

    @Test
    void offerWithoutCreditAndSpendingLimitIsDisabledByPaidUsage() {
        String account = newAccount();
        String id = subscribe(account, IMAGINE);
        hours(id, "x", 1)
                .then()
                .statusCode(201)
                .body("coveredByCredit.amount", equalTo("0.00"))
                .body("notCharged.amount", equalTo("0.096"));
        customer(account).get("/v1/subscriptions/" + id).then().body("disabledReason", equalTo("CREDIT_EXHAUSTED"));
    }

    @Test
    void badValuesAre400AndRecordNothing() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        for (String quantity : List.of("0", "-1", "1.1234567", "1234567890", "abc", "")) {
            rawUsage(id, Map.of("eventId", "bad", "meterId", D2S_V3, "quantity", quantity))
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation-failed"))
                    .body("errors[0].field", equalTo("quantity"));
        }
        rawUsage(id, Map.of("eventId", "has space", "meterId", D2S_V3, "quantity", "1"))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("eventId"));
        String future = Instant.parse(
                        customer(account).get("/v1/subscriptions/" + id).path("createdAt"))
                .plus(1, ChronoUnit.DAYS)
                .toString();
        rawUsage(id, Map.of("eventId", "future", "meterId", D2S_V3, "quantity", "1", "occurredAt", future))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("occurredAt"));
        post(id, "m", "no-such-meter", "1").then().statusCode(422).body("code", equalTo("unknown-meter"));
        post("00000000-0000-7000-8000-000000000000", "m", D2S_V3, "1")
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(0));
        customer(account).get("/v1/subscriptions/" + id).then().body("creditRemaining.amount", equalTo("200.00"));
    }

    @Test
    void onlyMetersAndOperatorsRecordUsage() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        customer(account)
                .body(Map.of("eventId", "c", "meterId", D2S_V3, "quantity", "1"))
                .post("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(403);
        operator()
                .body(Map.of("eventId", "o", "meterId", D2S_V3, "quantity", "1"))
                .post("/v1/subscriptions/" + id + "/usage")
                .then()
                .statusCode(201);
        meter().get("/v1/subscriptions/" + id + "/usage").then().statusCode(403);
        customer(newAccount())
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .statusCode(404);
    }

    @Test
    void historyIsPaginated() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        for (int i = 0; i < 3; i++) {
            hours(id, "h" + i, 1).then().statusCode(201);
        }
        Response page = customer(account).queryParam("limit", 2).get("/v1/subscriptions/" + id + "/usage");
        page.then().body("data.eventId", contains("h0", "h1"));
        customer(account)
                .queryParam("limit", 2)
                .queryParam("cursor", page.<String>path("nextCursor"))
                .get("/v1/subscriptions/" + id + "/usage")
                .then()
                .body("data.eventId", contains("h2"))
                .body("nextCursor", nullValue());
    }

    @Test
    void costSummaryOfAnUnusedSubscriptionIsZero() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .body("usageCost.amount", equalTo("0.00"))
                .body("creditRemaining", nullValue());
        operator().get("/v1/subscriptions/" + id + "/cost-summary").then().statusCode(200);
        customer(account).queryParam("limit", 100).get("/v1/meters").then().body("data.id", hasItems(D2S_V3));
    }

    private static Response rawUsage(String id, Map<String, String> body) {
        return raw().auth()
                .oauth2(token("meter-pipeline", "meter"))
                .contentType("application/json")
                .body(body)
                .post("/v1/subscriptions/" + id + "/usage");
    }

    private static String grant(String id, String amount, Instant expiresAt, String reason) {
        Map<String, Object> body = expiresAt == null
                ? Map.of("amount", Map.of("amount", amount, "currency", "USD"), "reason", reason)
                : Map.of(
                        "amount", Map.of("amount", amount, "currency", "USD"),
                        "reason", reason,
                        "expiresAt", expiresAt.toString());
        return operator()
                .body(body)
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String remaining(Response benefits, String grantId) {
        return benefits.path("data.find { it.id == '" + grantId + "' }.remaining.amount");
    }
}
