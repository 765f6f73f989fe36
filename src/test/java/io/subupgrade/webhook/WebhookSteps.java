package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.operator;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/** Steps of the webhook tests, through the contract-validating filter. */
final class WebhookSteps {
    private WebhookSteps() {}

    static JsonPath register(String url, List<String> eventTypes) {
        return operator()
                .body(Map.of("url", url, "eventTypes", eventTypes, "description", "test receiver"))
                .post("/v1/webhook-endpoints")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    static void remove(String endpointId) {
        // 204 has no body; the Accept names the problem type the errors would come as.
        operator()
                .accept("application/json, application/problem+json")
                .delete("/v1/webhook-endpoints/" + endpointId)
                .then()
                .statusCode(204);
    }

    static JsonPath endpoint(String endpointId) {
        return operator()
                .get("/v1/webhook-endpoints/" + endpointId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** One delivery pass: {delivered, failed, retried}. */
    static JsonPath deliver() {
        return operator()
                .post("/v1/jobs/webhook-delivery")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The endpoint's deliveries, newest first (one page of up to 100). */
    static List<Map<String, Object>> deliveries(String endpointId, String status) {
        var request = operator().queryParam("limit", 100);
        if (status != null) {
            request = request.queryParam("status", status);
        }
        return request.get("/v1/webhook-endpoints/" + endpointId + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
    }

    static JsonPath delivery(String deliveryId) {
        return operator()
                .get("/v1/webhook-deliveries/" + deliveryId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
