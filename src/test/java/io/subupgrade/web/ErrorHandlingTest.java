package io.subupgrade.web;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Bad input of every kind is a 400-class problem+json, never a 500 or a stack trace. */
@QuarkusTest
class ErrorHandlingTest {

    private static RequestSpecification customer() {
        return raw().auth().oauth2(token(newAccount(), "customer")).contentType("application/json");
    }

    @Test
    void malformedJsonIsA400() {
        customer()
                .body("{\"offerId\": ")
                .post("/v1/subscriptions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .log()
                .ifValidationFails()
                .body("code", equalTo("malformed-json"))
                .body("type", equalTo("/problems/malformed-json"))
                .body("instance", equalTo("/v1/subscriptions"));
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        customer()
                .body("{\"offerId\": [1], \"displayName\": \"x\"}")
                .post("/v1/subscriptions")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("offerId"))
                .body("errors[0].message", equalTo("has the wrong type"));
    }

    @Test
    void unknownFieldIsRefused() {
        customer()
                .body("{\"offerId\": \"MS-AZR-0003P\", \"displayName\": \"x\", \"plan\": \"gold\"}")
                .post("/v1/subscriptions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("plan"));
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        raw().auth()
                .oauth2(token(newAccount(), "operator"))
                .contentType("application/json")
                .body("{\"name\": \"x\", \"category\": \"GOLD\", \"spendingLimit\": \"ON\", \"upgradableTo\": []}")
                .put("/v1/offers/X-1")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("category"))
                .body("errors[0].message", equalTo("must be one of FREE_TRIAL, STUDENT, PAY_AS_YOU_GO"));
    }

    @Test
    void missingAndOversizedFieldsAreListed() {
        customer()
                .body("{\"displayName\": \"" + "x".repeat(101) + "\"}")
                .post("/v1/subscriptions")
                .then()
                .statusCode(400)
                .body("errors.size()", equalTo(2))
                .body("errors[0].field", equalTo("displayName"))
                .body("errors[1].field", equalTo("offerId"));
    }

    @Test
    void emptyBodyIsA400() {
        customer().post("/v1/subscriptions").then().statusCode(400).body("code", equalTo("validation-failed"));
    }

    @Test
    void badUuidIsA400() {
        customer()
                .get("/v1/subscriptions/not-a-uuid")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("subscriptionId"))
                .body("errors[0].message", equalTo("must be a UUID"));
    }

    @Test
    void badLimitAndCursorAreA400() {
        customer()
                .queryParam("limit", 0)
                .get("/v1/subscriptions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        customer().queryParam("limit", 101).get("/v1/subscriptions").then().statusCode(400);
        customer().queryParam("limit", "ten").get("/v1/subscriptions").then().statusCode(400);
        customer()
                .queryParam("cursor", "%%%garbage")
                .get("/v1/subscriptions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void unknownRouteIsA404Problem() {
        customer()
                .get("/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"));
    }

    @Test
    void wrongMethodIsA405Problem() {
        customer()
                .delete("/v1/offers")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("code", equalTo("method-not-allowed"));
    }

    @Test
    void wrongMediaTypeIsA415Problem() {
        customer()
                .contentType("text/plain")
                .body("offerId=MS-AZR-0003P")
                .post("/v1/subscriptions")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void problemTitlesAreLocalized() {
        customer()
                .header("Accept-Language", "zh-TW")
                .get("/v1/offers/NOPE")
                .then()
                .statusCode(404)
                .body("title", equalTo("找不到資源"))
                .body("detail", not(containsString("Exception")));
    }
}
