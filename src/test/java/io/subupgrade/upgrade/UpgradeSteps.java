package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.operator;

import io.restassured.path.json.JsonPath;
import io.subupgrade.testing.SandboxClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Steps of the upgrade tests. The sandbox clock is shared by the whole test JVM and only moves
 * forward, so tests compute their expectations from their own subscription's times.
 */
final class UpgradeSteps {
    private UpgradeSteps() {}

    static Instant clockNow() {
        return SandboxClock.now();
    }

    /** Moves the business clock just past {@code instant} (or not at all when it already is). */
    static void advancePast(Instant instant) {
        Duration gap = Duration.between(clockNow(), instant).plusSeconds(1);
        if (!gap.isNegative() && !gap.isZero()) {
            SandboxClock.advance(gap);
        }
    }

    static JsonPath runJobs() {
        return operator()
                .post("/v1/jobs/upgrade-finalization")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath requestUpgrade(String account, String subscriptionId, String target) {
        return customer(account)
                .body(Map.of("targetOfferId", target, "confirm", true))
                .post("/v1/subscriptions/" + subscriptionId + "/upgrade-requests")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    static JsonPath subscription(String account, String subscriptionId) {
        return customer(account)
                .get("/v1/subscriptions/" + subscriptionId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath upgradeRequest(String account, String requestId) {
        return customer(account)
                .get("/v1/upgrade-requests/" + requestId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The types of a subscription's events, in feed order. */
    static java.util.List<String> eventTypes(String account, String subscriptionId) {
        return customer(account)
                .queryParam("subscriptionId", subscriptionId)
                .queryParam("limit", 100)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data.type");
    }
}
