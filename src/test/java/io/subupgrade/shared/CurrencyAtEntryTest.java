package io.subupgrade.shared;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.subupgrade.testing.Usage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ISO 4217 at every entry of money (docs/design.md §14): a code of three capitals that is no currency ("ABC") is a
 * 400 naming the field and is never stored; amounts sent keep up to 10 decimals and no more.
 */
@QuarkusTest
class CurrencyAtEntryTest {

    @Test
    void aMeterPricedInAnUnknownCurrencyIsRefusedAndNotStored() {
        String id = "abc-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .body(meter("0.087", "ABC"))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("unitPrice.currency"))
                .body("errors[0].message", equalTo("must be an ISO 4217 currency code such as USD"));
        // Not stored: the same id with a real currency is created, not replaced.
        operator().body(meter("0.087", "USD")).put("/v1/meters/" + id).then().statusCode(201);
    }

    @Test
    void anExistingMeterKeepsItsCurrencyWhenAnUnknownOneIsSent() {
        String id = "abc-" + UUID.randomUUID().toString().substring(0, 8);
        operator().body(meter("0.087", "KWD")).put("/v1/meters/" + id).then().statusCode(201);
        operator().body(meter("0.087", "XYZ")).put("/v1/meters/" + id).then().statusCode(400);
        String subscription = subscribe(newAccount(), PAYG);
        Usage.post(subscription, "e1", id, "2")
                .then()
                .statusCode(201)
                .body("cost.currency", equalTo("KWD"))
                .body("cost.amount", equalTo("0.174"));
    }

    @Test
    void anOfferWithCreditInAnUnknownCurrencyIsRefusedAndNotStored() {
        String id = "ABC-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .body(Map.of(
                        "name",
                        "Made-up money",
                        "category",
                        "STUDENT",
                        "credit",
                        Map.of("amount", "50", "currency", "ABC"),
                        "termDays",
                        30,
                        "spendingLimit",
                        "ON",
                        "upgradableTo",
                        List.of()))
                .put("/v1/offers/" + id)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("credit.currency"));
        customer(newAccount()).get("/v1/offers/" + id).then().statusCode(404);
    }

    @Test
    void aGrantInAnUnknownCurrencyIsRefusedAndNotStored() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        operator()
                .body(Map.of("amount", Map.of("amount", "5", "currency", "ABC"), "reason", "Goodwill"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("amount.currency"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(200)
                .body("data", empty());
        // The subscription did not take the currency either.
        customer(account)
                .get("/v1/subscriptions/" + id + "/invoices/upcoming")
                .then()
                .statusCode(200)
                .body("currency", equalTo("USD"));
    }

    @Test
    void everyIsoCurrencyIsTakenWithItsMinorUnit() {
        String id = "iso-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .body(meter("200", "JPY"))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(201)
                .body("unitPrice.amount", equalTo("200"))
                .body("unitPrice.currency", equalTo("JPY"));
        operator()
                .body(meter("1.5", "KWD"))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(200)
                .body("unitPrice.amount", equalTo("1.500"));
        operator()
                .body(meter("0.0000166667", "USD"))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(200)
                .body("unitPrice.amount", equalTo("0.0000166667"));
    }

    @Test
    void anAmountWithMoreThanTenDecimalsIsRefused() {
        String id = "dec-" + UUID.randomUUID().toString().substring(0, 8);
        operatorRaw()
                .body(meter("0.00001666667", "USD"))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("unitPrice.amount"));
        operator()
                .body(meter("0.0000166667", "USD"))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(201);
        String subscription = subscribe(newAccount(), PAYG);
        operatorRaw()
                .body(Map.of("amount", Map.of("amount", "0.00000000001", "currency", "USD"), "reason", "Goodwill"))
                .post("/v1/subscriptions/" + subscription + "/benefits")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("amount.amount"));
    }

    @Test
    void creditOfTenDecimalsIsKeptExactly() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        operator()
                .body(Map.of("amount", Map.of("amount", "0.0000000001", "currency", "USD"), "reason", "Goodwill"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(201)
                .body("original.amount", equalTo("0.0000000001"))
                .body("expiresAt", nullValue());
        customer(account).get("/v1/subscriptions/" + id).then().body("creditRemaining.amount", equalTo("0.0000000001"));
    }

    private static Map<String, Object> meter(String price, String currency) {
        return Map.of("name", "Egress", "unit", "1 GB", "unitPrice", Map.of("amount", price, "currency", currency));
    }

    private static RequestSpecification operatorRaw() {
        return raw().auth()
                .oauth2(token("ops-" + UUID.randomUUID(), "operator"))
                .contentType("application/json");
    }
}
