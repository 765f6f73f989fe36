package io.subupgrade.web;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.allIds;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.subupgrade.testing.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Free text (names, reasons, units) is valid Unicode without control or format characters, and its length is
 * counted in characters as the contract counts it (issue 13, item 3). The rule itself: {@link TextValidatorTest}.
 * Hostile bodies are written as JSON text with escapes, so exactly those characters reach the service, and go
 * through {@link io.subupgrade.testing.Api#raw()}: only the response is held to the contract.
 */
@QuarkusTest
class TextInputTest {

    private static RequestSpecification as(String account, String role) {
        return raw().auth().oauth2(token(account, role)).contentType("application/json");
    }

    private static void isRefused(ValidatableResponse response, String field, String message) {
        response.statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(message));
    }

    private static final String CONTROL = "must not contain control or format characters (it holds %s)";

    @Test
    void aLoneSurrogateInADisplayNameIsRefused() {
        // Was echoed back as sent while PostgreSQL stored '?': the response (and its idempotent replay) lied.
        String account = newAccount();
        isRefused(
                as(account, "customer")
                        .header("Idempotency-Key", "lone-" + account)
                        .body("{\"offerId\": \"" + PAYG + "\", \"displayName\": \"x\\ud800y\"}")
                        .post("/v1/subscriptions")
                        .then(),
                "displayName",
                "must be valid Unicode (it holds a lone surrogate U+D800)");
        customer(account).get("/v1/subscriptions").then().body("data.size()", equalTo(0));
    }

    @Test
    void controlAndBidiCharactersInADisplayNameAreRefused() {
        String account = newAccount();
        for (String[] c : new String[][] {{"\\u0007", "U+0007"}, {"\\u202e", "U+202E"}, {"\\u2066", "U+2066"}}) {
            isRefused(
                    as(account, "customer")
                            .body("{\"offerId\": \"" + PAYG + "\", \"displayName\": \"gpj" + c[0] + "exe\"}")
                            .post("/v1/subscriptions")
                            .then(),
                    "displayName",
                    CONTROL.formatted(c[1]));
        }
        customer(account).get("/v1/subscriptions").then().body("data.size()", equalTo(0));
    }

    @Test
    void aRenameToAControlCharacterIsRefused() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        isRefused(
                as(account, "customer")
                        .body("{\"displayName\": \"ring\\u0007\"}")
                        .patch("/v1/subscriptions/" + id)
                        .then(),
                "displayName",
                CONTROL.formatted("U+0007"));
        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .body("displayName", equalTo("My " + PAYG))
                .body("version", equalTo(0));
    }

    @Test
    void aGrantReasonWithAnOverrideIsRefused() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        isRefused(
                as("ops-" + account, "operator")
                        .body("{\"amount\": {\"amount\": \"5.00\", \"currency\": \"USD\"}, \"reason\": \"ok\\u202e\"}")
                        .post("/v1/subscriptions/" + id + "/benefits")
                        .then(),
                "reason",
                CONTROL.formatted("U+202E"));
        customer(account).get("/v1/subscriptions/" + id + "/benefits").then().body("data.size()", equalTo(1));
    }

    @Test
    void catalogNamesAndUnitsAreChecked() {
        isRefused(
                as(newAccount(), "operator")
                        .body(
                                "{\"name\": \"Bell\\u0007\", \"category\": \"PAY_AS_YOU_GO\", \"spendingLimit\": \"OFF\", \"upgradableTo\": []}")
                        .put("/v1/offers/X-TEXT-1")
                        .then(),
                "name",
                CONTROL.formatted("U+0007"));
        isRefused(
                as(newAccount(), "operator")
                        .body("{\"name\": \"Meter\", \"unit\": \"1\\u2028Hour\","
                                + " \"unitPrice\": {\"amount\": \"1.00\", \"currency\": \"USD\"}}")
                        .put("/v1/meters/x-text-1")
                        .then(),
                "unit",
                CONTROL.formatted("U+2028"));
        isRefused(
                as(newAccount(), "operator")
                        .body("{\"name\": \"Meter\\ufeff\", \"unit\": \"1 Hour\","
                                + " \"unitPrice\": {\"amount\": \"1.00\", \"currency\": \"USD\"}}")
                        .put("/v1/meters/x-text-1")
                        .then(),
                "name",
                CONTROL.formatted("U+FEFF"));
        operator().get("/v1/offers/X-TEXT-1").then().statusCode(404);
        assertFalse(allIds(Api::operator, "/v1/meters", () -> {}).contains("x-text-1"));
    }

    @Test
    void aLocalizedNameIsChecked() {
        isRefused(
                as(newAccount(), "operator")
                        .body(
                                "{\"name\": \"Meter\", \"localizedNames\": {\"zh-TW\": \"\\udc00\"}, \"unit\": \"1 Hour\","
                                        + " \"unitPrice\": {\"amount\": \"1.00\", \"currency\": \"USD\"}}")
                        .put("/v1/meters/x-text-2")
                        .then(),
                "localizedNames.zhTw",
                "must be valid Unicode (it holds a lone surrogate U+DC00)");
        assertFalse(allIds(Api::operator, "/v1/meters", () -> {}).contains("x-text-2"));
    }

    @Test
    void lengthCountsCharactersAsTheContractDoes() {
        // 100 emoji are 100 characters for JSON Schema's maxLength (and varchar(100)), 200 UTF-16 units for @Size.
        // Sent through the full contract filter: the request is valid by the contract, so the service must take it.
        String account = newAccount();
        String rockets = "\uD83D\uDE80".repeat(100);
        String id = customer(account)
                .body(Map.of("offerId", PAYG, "displayName", rockets))
                .post("/v1/subscriptions")
                .then()
                .statusCode(201)
                .body("displayName", equalTo(rockets))
                .extract()
                .path("id");
        customer(account).get("/v1/subscriptions/" + id).then().body("displayName", equalTo(rockets));
        isRefused(
                as(account, "customer")
                        .body(Map.of("displayName", rockets + "\uD83D\uDE80"))
                        .patch("/v1/subscriptions/" + id)
                        .then(),
                "displayName",
                "must be at most 100 characters");
    }

    @Test
    void aControlCharacterInTheOwnerFilterIsRefused() {
        raw().urlEncodingEnabled(false)
                .auth()
                .oauth2(token(newAccount(), "operator"))
                .get("/v1/subscriptions?ownerId=a%07b")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("ownerId"));
    }
}
