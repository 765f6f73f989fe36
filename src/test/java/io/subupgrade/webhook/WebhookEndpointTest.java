package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.webhook.WebhookSteps.register;
import static io.subupgrade.webhook.WebhookSteps.remove;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.subupgrade.testing.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint API: what it stores, what it shows, what it refuses (each refusal a problem with a code). */
@QuarkusTest
class WebhookEndpointTest {
    private static final String URL = "http://127.0.0.1:9/hooks";

    @Test
    void theSecretIsShownAtRegistrationAndRotationOnly() {
        JsonPath created = register(URL, List.of("upgrade.completed", "subscription.disabled", "upgrade.completed"));
        String id = created.getString("id");
        try {
            assertEquals(List.of("upgrade.completed", "subscription.disabled"), created.getList("eventTypes"));
            assertEquals(true, created.getBoolean("enabled"));
            String secret = created.getString("secret");
            operator()
                    .get("/v1/webhook-endpoints/" + id)
                    .then()
                    .statusCode(200)
                    .body("$", not(org.hamcrest.Matchers.hasKey("secret")))
                    .body("url", equalTo(URL))
                    .body("description", equalTo("test receiver"));
            operator()
                    .queryParam("limit", 100)
                    .get("/v1/webhook-endpoints")
                    .then()
                    .statusCode(200)
                    .body("data.id", hasItem(id))
                    .body("data.secret", not(hasItem(secret)));
            String rotated = operator()
                    .post("/v1/webhook-endpoints/" + id + "/rotate-secret")
                    .then()
                    .statusCode(200)
                    .body("secret", startsWith("whsec_"))
                    .extract()
                    .path("secret");
            assertFalse(rotated.equals(secret));

            operator()
                    .body(Map.of("eventTypes", List.of("*"), "description", "", "enabled", false))
                    .patch("/v1/webhook-endpoints/" + id)
                    .then()
                    .statusCode(200)
                    .body("eventTypes", equalTo(List.of("*")))
                    .body("description", nullValue())
                    .body("enabled", equalTo(false))
                    .body("disabledReason", equalTo("MANUAL"));
        } finally {
            remove(id);
        }
        operator().get("/v1/webhook-endpoints/" + id).then().statusCode(404).body("code", equalTo("not-found"));
    }

    @Test
    void unknownEventTypesAreRefusedByName() {
        operator()
                .body(Map.of("url", URL, "eventTypes", List.of("upgrade.completed", "upgrade.exploded")))
                .post("/v1/webhook-endpoints")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown-event-type"))
                .body("errors[0].field", equalTo("eventTypes[1]"));
        operator()
                .body(Map.of("url", URL, "eventTypes", List.of("*", "upgrade.completed")))
                .post("/v1/webhook-endpoints")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"));
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        raw().contentType(ContentType.JSON)
                .auth()
                .oauth2(Api.token("ops", "operator"))
                .body("{\"url\": \"" + URL + "\", \"eventTypes\": []}")
                .post("/v1/webhook-endpoints")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"));
        raw().contentType(ContentType.JSON)
                .auth()
                .oauth2(Api.token("ops", "operator"))
                .body("{\"eventTypes\": [\"*\"]}")
                .post("/v1/webhook-endpoints")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"));
        for (String url : List.of("ftp://example.com/x", "not a url", "http://user:pw@127.0.0.1/x", "http:///x")) {
            operator()
                    .body(Map.of("url", url, "eventTypes", List.of("*")))
                    .post("/v1/webhook-endpoints")
                    .then()
                    .statusCode(422)
                    .body("code", equalTo("webhook-url-not-allowed"));
        }
        raw().auth()
                .oauth2(Api.token("ops", "operator"))
                .get("/v1/webhook-endpoints/not-a-uuid")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"));
        raw().auth()
                .oauth2(Api.token("ops", "operator"))
                .get("/v1/webhook-deliveries/01a2340a-1673-72dd-9fd6-af577b6629cc")
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
        JsonPath e = register(URL, List.of("*"));
        try {
            raw().auth()
                    .oauth2(Api.token("ops", "operator"))
                    .queryParam("status", "LOST")
                    .get("/v1/webhook-endpoints/" + e.getString("id") + "/deliveries")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation-failed"))
                    .body("errors[0].field", equalTo("status"));
        } finally {
            remove(e.getString("id"));
        }
    }

    @Test
    void customersNeverSeeEndpoints() {
        String account = newAccount();
        customer(account).get("/v1/webhook-endpoints").then().statusCode(403).body("code", equalTo("forbidden"));
        customer(account)
                .body(Map.of("url", URL, "eventTypes", List.of("*")))
                .post("/v1/webhook-endpoints")
                .then()
                .statusCode(403);
        customer(account).post("/v1/jobs/webhook-delivery").then().statusCode(403);
    }
}
