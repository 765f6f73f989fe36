package io.subupgrade.web;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.D2S_V3;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * The JSON reader takes the contract literally: a decimal string is never a JSON number (or boolean), and a key
 * given twice is refused rather than "last one wins". Either is a 400 problem that names the field and changes
 * nothing (issue 13, items 1 and 2).
 */
@QuarkusTest
class StrictJsonTest {

    private static RequestSpecification as(String account, String role) {
        return raw().auth().oauth2(token(account, role)).contentType("application/json");
    }

    private static void isRefused(ValidatableResponse response, String code, String field) {
        response.statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("errors[0].field", field == null ? nullValue() : equalTo(field));
    }

    // --- Item 1: numbers where the contract wants a decimal string --------------------------------

    @Test
    void aNumberAmountIsRefused() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        isRefused(
                as("ops-" + account, "operator")
                        .body("{\"amount\": {\"amount\": 5, \"currency\": \"USD\"}, \"reason\": \"goodwill\"}")
                        .post("/v1/subscriptions/" + id + "/benefits")
                        .then(),
                "validation-failed",
                "amount.amount");
        customer(account).get("/v1/subscriptions/" + id + "/benefits").then().body("data.size()", equalTo(1));
        customer(account).get("/v1/subscriptions/" + id).then().body("creditRemaining.amount", equalTo("200.00"));
    }

    @Test
    void aNumberQuantityIsRefused() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        for (String quantity : new String[] {"1.5", "200", "true"}) {
            isRefused(
                    as("meter-pipeline", "meter")
                            .body("{\"eventId\": \"n1\", \"meterId\": \"" + D2S_V3 + "\", \"quantity\": " + quantity
                                    + "}")
                            .post("/v1/subscriptions/" + id + "/usage")
                            .then(),
                    "validation-failed",
                    "quantity");
        }
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(0));
    }

    @Test
    void aNumberQuantityInABatchRefusesTheBatch() {
        // A record that cannot be bound makes the whole body unreadable: nothing of the batch is recorded.
        String account = newAccount();
        String id = subscribe(account, PAYG);
        isRefused(
                as("meter-pipeline", "meter")
                        .body("{\"records\": [{\"subscriptionId\": \"" + id + "\", \"eventId\": \"b1\", \"meterId\": \""
                                + D2S_V3 + "\", \"quantity\": \"1\"}, {\"subscriptionId\": \"" + id
                                + "\", \"eventId\": \"b2\", \"meterId\": \"" + D2S_V3 + "\", \"quantity\": 1.5}]}")
                        .post("/v1/usage-batches")
                        .then(),
                "validation-failed",
                "records[1].quantity");
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(0));
    }

    @Test
    void aNumberForAnyTextFieldIsRefused() {
        isRefused(
                as(newAccount(), "customer")
                        .body("{\"offerId\": \"" + PAYG + "\", \"displayName\": 42}")
                        .post("/v1/subscriptions")
                        .then(),
                "validation-failed",
                "displayName");
    }

    @Test
    void aNumberForAnEnumIsRefused() {
        // Jackson would read 2 as the third constant, PAY_AS_YOU_GO.
        isRefused(
                as(newAccount(), "operator")
                        .body("{\"name\": \"Numbered\", \"category\": 2, \"spendingLimit\": \"ON\"}")
                        .put("/v1/offers/X-NUMBERED")
                        .then(),
                "validation-failed",
                "category");
        as(newAccount(), "operator").get("/v1/offers/X-NUMBERED").then().statusCode(404);
    }

    @Test
    void realBooleansStillBind() {
        // The strictness is for text fields only: a real boolean is still a boolean.
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        customer(account)
                .body("{\"targetOfferId\": \"" + PAYG + "\", \"confirm\": true}")
                .post("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .statusCode(201);
    }

    // --- Item 2: a key given twice ------------------------------------------------------------------

    @Test
    void aDuplicateKeyInAnUpgradeRequestIsA400Problem() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        isRefused(
                as(account, "customer")
                        .body("{\"targetOfferId\": \"" + PAYG + "\", \"confirm\": true, \"confirm\": true}")
                        .post("/v1/subscriptions/" + id + "/upgrade-requests")
                        .then(),
                "validation-failed",
                "confirm");
        customer(account).get("/v1/subscriptions/" + id).then().body("pendingUpgradeRequestId", nullValue());
    }

    @Test
    void aDuplicateKeyWithAnIdempotencyKeyIsA400ProblemToo() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        isRefused(
                as(account, "customer")
                        .header("Idempotency-Key", "dup-" + account)
                        .body("{\"targetOfferId\": \"" + PAYG + "\", \"confirm\": true, \"confirm\": true}")
                        .post("/v1/subscriptions/" + id + "/upgrade-requests")
                        .then(),
                "validation-failed",
                "confirm");
        customer(account).get("/v1/subscriptions/" + id).then().body("pendingUpgradeRequestId", nullValue());
    }

    @Test
    void aDuplicateDisplayNameIsA400Problem() {
        String account = newAccount();
        isRefused(
                as(account, "customer")
                        .body("{\"offerId\": \"" + PAYG + "\", \"displayName\": \"a\", \"displayName\": \"b\"}")
                        .post("/v1/subscriptions")
                        .then(),
                "validation-failed",
                "displayName");
        customer(account).get("/v1/subscriptions").then().body("data.size()", equalTo(0));
    }

    @Test
    void aDuplicateDurationIsA400Problem() {
        String before = operator().get("/v1/sandbox/clock").then().extract().path("offset");
        isRefused(
                as(newAccount(), "operator")
                        .body("{\"duration\": \"P1D\", \"duration\": \"P2D\"}")
                        .post("/v1/sandbox/clock/advance")
                        .then(),
                "validation-failed",
                "duration");
        operator().get("/v1/sandbox/clock").then().body("offset", equalTo(before));
    }

    @Test
    void aDuplicateQuantityIsNotChargedAtTheLastValue() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        isRefused(
                as("meter-pipeline", "meter")
                        .body("{\"eventId\": \"d1\", \"meterId\": \"" + D2S_V3
                                + "\", \"quantity\": \"1\", \"quantity\": \"100000\"}")
                        .post("/v1/subscriptions/" + id + "/usage")
                        .then(),
                "validation-failed",
                "quantity");
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(0));
    }

    @Test
    void aDuplicateKeyNestedOrInABatchRecordIsA400Problem() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        isRefused(
                as("ops-" + account, "operator")
                        .body("{\"amount\": {\"amount\": \"5.00\", \"currency\": \"USD\", \"amount\": \"5000.00\"},"
                                + " \"reason\": \"goodwill\"}")
                        .post("/v1/subscriptions/" + id + "/benefits")
                        .then(),
                "validation-failed",
                "amount.amount");
        isRefused(
                as("meter-pipeline", "meter")
                        .body("{\"records\": [{\"subscriptionId\": \"" + id + "\", \"eventId\": \"b1\", \"meterId\": \""
                                + D2S_V3 + "\", \"quantity\": \"1\", \"quantity\": \"100000\"}]}")
                        .post("/v1/usage-batches")
                        .then(),
                "validation-failed",
                "records[0].quantity");
        customer(account).get("/v1/subscriptions/" + id + "/benefits").then().body("data.size()", equalTo(1));
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(0));
    }
}
