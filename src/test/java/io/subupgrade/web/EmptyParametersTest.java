package io.subupgrade.web;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A parameter sent empty is refused by name, as the contract's {@code minLength: 1} says, rather than read as absent;
 * an over-long Accept-Language is refused, as its {@code maxLength: 255} says. Sent through {@code raw()}: the
 * contract filter would refuse such requests before they leave.
 */
@QuarkusTest
class EmptyParametersTest {

    @ParameterizedTest(name = "{0} {1}?{2}=")
    @CsvSource({
        "customer, /v1/offers, cursor",
        "customer, /v1/offers, limit",
        "customer, /v1/meters, cursor",
        "customer, /v1/subscriptions, cursor",
        "operator, /v1/subscriptions, ownerId",
        "operator, /v1/upgrade-requests, cursor",
        "operator, /v1/upgrade-requests, status",
        "owner, /v1/subscriptions/{id}/upgrade-requests, cursor",
        "owner, /v1/subscriptions/{id}/benefits, cursor",
        "owner, /v1/subscriptions/{id}/usage, cursor",
        "owner, /v1/subscriptions/{id}/upgrade-preview, targetOfferId",
        "customer, /v1/events, after",
        "customer, /v1/events, limit",
        "customer, /v1/events, type",
        "customer, /v1/events, subscriptionId",
    })
    void anEmptyQueryParameterIsRefusedByName(String who, String path, String parameter) {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        String role = who.equals("owner") ? "customer" : who;
        refused(caller(account, role).queryParam(parameter, "").get(path.replace("{id}", id)), parameter);
        // Without "=" too.
        refused(caller(account, role).get(path.replace("{id}", id) + "?" + parameter), parameter);
    }

    @Test
    void anOperatorsEmptyOwnerFilterListsNothing() {
        refused(caller(newAccount(), "operator").queryParam("ownerId", "").get("/v1/subscriptions"), "ownerId");
    }

    @Test
    void theRoleIsCheckedBeforeTheParameters() {
        caller(newAccount(), "customer")
                .queryParam("cursor", "")
                .get("/v1/upgrade-requests")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("forbidden"));
    }

    @Test
    void anEmptyIfMatchIsRefusedAndRenamesNothing() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        refused(
                caller(account, "customer")
                        .contentType(ContentType.JSON)
                        .header("If-Match", "")
                        .body(Map.of("displayName", "Renamed"))
                        .patch("/v1/subscriptions/" + id),
                "If-Match");
        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"0\""))
                .body("displayName", equalTo("My " + PAYG));
    }

    @Test
    void anAcceptLanguageOver255CharactersIsRefused() {
        String longest = "en;q=0.5," + "x".repeat(255 - "en;q=0.5,".length());
        caller(newAccount(), "customer")
                .header("Accept-Language", longest)
                .get("/v1/offers")
                .then()
                .statusCode(200);
        refused(
                caller(newAccount(), "customer")
                        .header("Accept-Language", longest + "x")
                        .get("/v1/offers"),
                "Accept-Language");
    }

    private static RequestSpecification caller(String account, String role) {
        return raw().accept(ContentType.JSON).auth().oauth2(token(account, role));
    }

    private static void refused(io.restassured.response.Response response, String field) {
        response.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo(field));
    }
}
