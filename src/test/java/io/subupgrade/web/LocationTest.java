package io.subupgrade.web;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every 201's Location is a path on this service, whatever Host header the client sent. */
@QuarkusTest
class LocationTest {
    private static final String EVIL = "evil.example";

    @Test
    void aNewSubscriptionsLocationIsRelative() {
        String account = newAccount();
        Response created = customer(account)
                .header("Host", EVIL)
                .body(Map.of("offerId", PAYG, "displayName", "Mine"))
                .post("/v1/subscriptions");
        created.then().statusCode(201).header("Location", equalTo("/v1/subscriptions/" + created.path("id")));
        customer(account).get(created.header("Location")).then().statusCode(200);
    }

    @Test
    void aNewUpgradeRequestsLocationIsRelative() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        Response created = customer(account)
                .header("Host", EVIL)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + id + "/upgrade-requests");
        created.then().statusCode(201).header("Location", equalTo("/v1/upgrade-requests/" + created.path("id")));
        customer(account).get(created.header("Location")).then().statusCode(200);
    }

    @Test
    void aNewOffersLocationIsRelative() {
        String id = "loc-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .header("Host", EVIL)
                .body(Map.of(
                        "name",
                        "Located",
                        "category",
                        "PAY_AS_YOU_GO",
                        "spendingLimit",
                        "OFF",
                        "upgradableTo",
                        List.of()))
                .put("/v1/offers/" + id)
                .then()
                .statusCode(201)
                .header("Location", equalTo("/v1/offers/" + id));
    }

    @Test
    void aNewMetersLocationIsRelative() {
        String id = "loc-" + UUID.randomUUID().toString().substring(0, 8);
        operator()
                .header("Host", EVIL)
                .body(Map.of(
                        "name", "Located", "unit", "1 Hour", "unitPrice", Map.of("amount", "1", "currency", "USD")))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(201)
                .header("Location", equalTo("/v1/meters/" + id));
    }
}
