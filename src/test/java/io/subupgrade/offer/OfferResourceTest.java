package io.subupgrade.offer;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OfferResourceTest {

    @Test
    void catalogIsSeededWithTheFourOffers() {
        customer(newAccount())
                .get("/v1/offers/MS-AZR-0044P")
                .then()
                .statusCode(200)
                .body("id", equalTo("MS-AZR-0044P"))
                .body("name", equalTo("Free Trial"))
                .body("category", equalTo("FREE_TRIAL"))
                .body("credit.amount", equalTo("200.00"))
                .body("credit.currency", equalTo("USD"))
                .body("termDays", equalTo(30))
                .body("spendingLimit", equalTo("ON"))
                .body("upgradableTo", contains("MS-AZR-0003P"));
        customer(newAccount())
                .get("/v1/offers/MS-AZR-0003P")
                .then()
                .statusCode(200)
                .body("name", equalTo("Pay-As-You-Go"))
                .body("credit", nullValue())
                .body("termDays", nullValue())
                .body("spendingLimit", equalTo("OFF"));
        customer(newAccount())
                .queryParam("limit", 100)
                .get("/v1/offers")
                .then()
                .statusCode(200)
                .body("data.id", hasItems("MS-AZR-0003P", "MS-AZR-0044P", "MS-AZR-0144P", "MS-AZR-0170P"));
    }

    @Test
    void namesFollowAcceptLanguage() {
        customer(newAccount())
                .header("Accept-Language", "zh-TW")
                .get("/v1/offers/MS-AZR-0044P")
                .then()
                .statusCode(200)
                .header("Content-Language", "zh-TW")
                .body("name", equalTo("免費試用"));
        customer(newAccount())
                .header("Accept-Language", "fr;q=1, zh-Hant;q=0.8, en;q=0.5")
                .get("/v1/offers/MS-AZR-0003P")
                .then()
                .body("name", equalTo("隨用隨付"));
        customer(newAccount())
                .header("Accept-Language", "zh-CN, en;q=0.9")
                .get("/v1/offers/MS-AZR-0003P")
                .then()
                .header("Content-Language", "en")
                .body("name", equalTo("Pay-As-You-Go"));
    }

    @Test
    void listIsKeysetPaginated() {
        String first = customer(newAccount())
                .queryParam("limit", 1)
                .get("/v1/offers")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .extract()
                .path("nextCursor");
        customer(newAccount())
                .queryParam("limit", 1)
                .queryParam("cursor", first)
                .get("/v1/offers")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1));
    }

    @Test
    void operatorCreatesThenReplacesAnOffer() {
        String id = "TEST-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> offer = Map.of(
                "name",
                "Sponsorship",
                "localizedNames",
                Map.of("zh-TW", "贊助"),
                "category",
                "STUDENT",
                "credit",
                Map.of("amount", "50.5", "currency", "USD"),
                "termDays",
                90,
                "spendingLimit",
                "ON",
                "upgradableTo",
                List.of("MS-AZR-0003P"));
        operator()
                .body(offer)
                .put("/v1/offers/" + id)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/v1/offers/" + id))
                .body("credit.amount", equalTo("50.50"))
                .body("termDays", equalTo(90));
        operator()
                .body(Map.of(
                        "name", "Sponsorship 2",
                        "category", "PAY_AS_YOU_GO",
                        "spendingLimit", "OFF",
                        "upgradableTo", List.of()))
                .put("/v1/offers/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Sponsorship 2"))
                .body("credit", nullValue())
                .body("upgradableTo.size()", equalTo(0));
    }

    @Test
    void unknownUpgradeTargetIsRefused() {
        operator()
                .body(Map.of(
                        "name", "Broken",
                        "category", "STUDENT",
                        "spendingLimit", "ON",
                        "upgradableTo", List.of("NO-SUCH-OFFER")))
                .put("/v1/offers/BROKEN-1")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown-offer"));
        customer(newAccount()).get("/v1/offers/BROKEN-1").then().statusCode(404).body("code", equalTo("not-found"));
    }

    @Test
    void customersCannotChangeTheCatalog() {
        customer(newAccount())
                .body(Map.of("name", "X", "category", "STUDENT", "spendingLimit", "ON", "upgradableTo", List.of()))
                .put("/v1/offers/MS-AZR-0044P")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void unknownOfferIsNotFound() {
        customer(newAccount())
                .get("/v1/offers/NOPE")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"))
                .body("status", equalTo(404));
    }
}
