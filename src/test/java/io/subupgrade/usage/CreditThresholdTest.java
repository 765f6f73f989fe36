package io.subupgrade.usage;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.D2S_V3;
import static io.subupgrade.testing.Usage.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code credit.threshold_reached} (docs/design.md §11) with the default thresholds 50, 75, 90 on the Free Trial's
 * 200.00 USD of credit; D2s v3 hours cost 0.096 USD, so 1000 hours use 96.00 (48 %).
 */
@QuarkusTest
class CreditThresholdTest {

    @Test
    void singleUsageCrossingFiftyPercentEmitsOneEvent() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        hours(id, "u1", 1000).then().statusCode(201); // 96.00 used: 48 %
        assertEquals(List.of(), thresholds(account, id));

        hours(id, "u2", 100).then().statusCode(201); // 105.60 used: 52.8 %
        hours(id, "u3", 100).then().statusCode(201); // 115.20: still below 75 %
        assertEquals(List.of(threshold(50, "94.40")), thresholds(account, id));
    }

    @Test
    void batchEmitsOneEventPerThresholdCrossedInRisingOrder() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        List<Map<String, Object>> records = List.of(
                record(id, "b1", "1100"), // 105.60 used: 50
                record(id, "b2", "900")); // 192.00 used (96 %): 75 and 90 in one charge
        meter().body(Map.of("records", records))
                .post("/v1/usage-batches")
                .then()
                .statusCode(200);
        assertEquals(
                List.of(threshold(50, "94.40"), threshold(75, "8.00"), threshold(90, "8.00")), thresholds(account, id));
    }

    @Test
    void thresholdsComeBeforeTheExhaustionTheyLeadTo() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        hours(id, "all", 2100).then().statusCode(201); // 201.60: the whole credit, the rest not charged

        List<Map<String, Object>> events = events(account, id);
        assertEquals(
                List.of(
                        "subscription.created",
                        "credit.granted",
                        "credit.threshold_reached",
                        "credit.threshold_reached",
                        "credit.threshold_reached",
                        "credit.exhausted",
                        "subscription.disabled"),
                events.stream().map(e -> e.get("type")).toList());
        assertEquals(
                List.of(threshold(50, "0.00"), threshold(75, "0.00"), threshold(90, "0.00")), thresholds(account, id));
    }

    @Test
    void aGrantReArmsTheThresholdsItBringsTheShareBackBelow() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        hours(id, "u1", 1100).then().statusCode(201); // 105.60 of 200.00 used: 50
        grant(id, "200.00"); // 105.60 of 400.00 used: 26.4 %, below 50 again
        hours(id, "u2", 1000).then().statusCode(201); // 201.60 of 400.00: 50.4 %

        assertEquals(
                List.of(
                        threshold(50, "94.40"),
                        Map.of(
                                "thresholdPercent",
                                50,
                                "creditOriginal",
                                usd("400.00"),
                                "creditRemaining",
                                usd("198.40"))),
                thresholds(account, id));
    }

    private static Map<String, Object> threshold(int percent, String remaining) {
        return Map.of("thresholdPercent", percent, "creditOriginal", usd("200.00"), "creditRemaining", usd(remaining));
    }

    private static Map<String, String> usd(String amount) {
        return Map.of("amount", amount, "currency", "USD");
    }

    private static Map<String, Object> record(String subscriptionId, String eventId, String quantity) {
        return Map.of("subscriptionId", subscriptionId, "eventId", eventId, "meterId", D2S_V3, "quantity", quantity);
    }

    private static void grant(String subscriptionId, String amount) {
        operator()
                .body(Map.of("amount", usd(amount), "reason", "Goodwill"))
                .post("/v1/subscriptions/" + subscriptionId + "/benefits")
                .then()
                .statusCode(201);
    }

    private static List<Map<String, Object>> events(String account, String subscriptionId) {
        return customer(account)
                .queryParam("subscriptionId", subscriptionId)
                .queryParam("limit", 100)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
    }

    /** The data of the subscription's {@code credit.threshold_reached} events, in feed order. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> thresholds(String account, String subscriptionId) {
        return events(account, subscriptionId).stream()
                .filter(e -> "credit.threshold_reached".equals(e.get("type")))
                .map(e -> (Map<String, Object>) e.get("data"))
                .toList();
    }
}
