package io.subupgrade.event;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every code path that emits an event type emits the same shape. The events are read through GET
 * /v1/events, so the contract filter also holds each one to its type's data schema (extra keys fail
 * there: the data schemas have {@code additionalProperties: false}).
 */
@QuarkusTest
class EventShapesTest {

    /** The keys of each type's data, as openapi.yaml's {@code ...Data} schemas name them. */
    private static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("subscription.created", Set.of("offerId", "displayName")),
            Map.entry("subscription.updated", Set.of("displayName", "previousDisplayName")),
            Map.entry("subscription.disabled", Set.of("disabledReason", "trialEndsAt")),
            Map.entry("subscription.reactivated", Set.of("offerId", "reason")),
            Map.entry("upgrade.requested", Set.of("upgradeRequestId", "fromOfferId", "targetOfferId", "dueAt")),
            Map.entry("upgrade.cancelled", Set.of("upgradeRequestId")),
            Map.entry(
                    "upgrade.completed",
                    Set.of("upgradeRequestId", "fromOfferId", "targetOfferId", "effectiveAt", "completionReason")),
            Map.entry("credit.granted", Set.of("benefitId", "amount", "expiresAt", "reason")),
            Map.entry("credit.exhausted", Set.of("benefitId", "original")),
            Map.entry("credit.expired", Set.of("benefitId", "remaining", "reason")),
            Map.entry("credit.threshold_reached", Set.of("thresholdPercent", "creditOriginal", "creditRemaining")),
            Map.entry("trial.ending_soon", Set.of("trialEndsAt", "markDays", "pendingUpgradeRequestId")));

    @Test
    void everyPathEmittingATypeEmitsTheSameKeys() {
        // Usage past the credit: credit.exhausted, subscription.disabled (CREDIT_EXHAUSTED); and a rename.
        String a = newAccount();
        String spent = subscribe(a, FREE_TRIAL);
        // Read now: an upgrade clears it.
        Map<String, String> trialEnds = new HashMap<>();
        trialEnds.put(spent, trialEndsAt(a, spent));
        hours(spent, "all-of-it", 3000).then().statusCode(201);
        customer(a)
                .body(Map.of("displayName", "Spent trial"))
                .patch("/v1/subscriptions/" + spent)
                .then()
                .statusCode(200);

        // Usage after the trial ended: credit.expired (TRIAL_EXPIRED), subscription.disabled; and a cancellation.
        String b = newAccount();
        String usedLate = subscribe(b, FREE_TRIAL);
        trialEnds.put(usedLate, trialEndsAt(b, usedLate));
        hours(usedLate, "early", 100).then().statusCode(201);
        String cancelled = requestUpgrade(b, usedLate).getString("id");
        customer(b).post("/v1/upgrade-requests/" + cancelled + "/cancel").then().statusCode(200);

        // The expiry jobs: credit.expired (EXPIRED, and TRIAL_EXPIRED for credit outliving the trial),
        // subscription.disabled; then an upgrade completing at once reactivates it.
        String c = newAccount();
        String expired = subscribe(c, FREE_TRIAL);
        trialEnds.put(expired, trialEndsAt(c, expired));
        grantPromotional(expired);

        // The finalizer: upgrade.completed, credit.expired (UPGRADED) for the leftover promotional credit.
        String d = newAccount();
        String finalized = subscribe(d, FREE_TRIAL);
        grantPromotional(finalized);
        requestUpgrade(d, finalized);

        // No benefits at all: upgrade.completed at once (NO_BENEFITS).
        String e = newAccount();
        String imagine = subscribe(e, IMAGINE);
        assertEquals("COMPLETED", requestUpgrade(e, imagine).getString("status"));

        operator()
                .body(Map.of("duration", Duration.ofDays(31).toString()))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(200);
        // Before the jobs run, so that usage is what finds the trial over.
        hours(usedLate, "late", 1).then().statusCode(409);
        operator().post("/v1/jobs/upgrade-finalization").then().statusCode(200);
        assertEquals("COMPLETED", requestUpgrade(c, expired).getString("status"));

        // The job again, a day before a new trial ends: trial.ending_soon.
        String f = newAccount();
        String ending = subscribe(f, FREE_TRIAL);
        operator()
                .body(Map.of("duration", Duration.ofDays(29).toString()))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(200);
        operator().post("/v1/jobs/upgrade-finalization").then().statusCode(200);

        List<Map<String, Object>> events = new ArrayList<>();
        for (String id : List.of(spent, usedLate, expired, finalized, imagine, ending)) {
            events.addAll(events(id));
        }

        Map<String, Set<String>> keysSeen = new TreeMap<>();
        for (Map<String, Object> event : events) {
            String type = (String) event.get("type");
            Set<String> keys = new TreeSet<>(data(event).keySet());
            assertEquals(KEYS.get(type), keys, type + " from " + event);
            keysSeen.put(type, keys);
        }
        assertEquals(new TreeSet<>(KEYS.keySet()), keysSeen.keySet());

        assertEquals(
                List.of("CREDIT_EXHAUSTED", "TRIAL_EXPIRED", "TRIAL_EXPIRED"),
                values(events, "subscription.disabled", "disabledReason"));
        for (Map<String, Object> event : ofType(events, "subscription.disabled")) {
            assertEquals(Instant.parse(trialEnds.get(event.get("subscriptionId"))), Instant.parse((String)
                    data(event).get("trialEndsAt")));
        }
        assertEquals(
                Set.of("EXPIRED", "TRIAL_EXPIRED", "UPGRADED"), Set.copyOf(values(events, "credit.expired", "reason")));
        // The trial's credit less 100 hours of D2s v3 (9.60 USD), forfeited when usage found the trial over.
        Map<String, Object> forfeited =
                ofType(events(usedLate), "credit.expired").get(0);
        assertEquals("TRIAL_EXPIRED", data(forfeited).get("reason"));
        assertEquals(
                Map.of("amount", "190.40", "currency", "USD"), data(forfeited).get("remaining"));
        assertEquals(
                List.of("TRIAL_ENDED", "TRIAL_ENDED", "NO_BENEFITS"),
                values(events, "upgrade.completed", "completionReason"));
        assertEquals(List.of(PAYG), values(events, "subscription.reactivated", "offerId"));

        // Per subscription, completion comes first, then what it changed.
        assertEquals(
                List.of("upgrade.requested", "upgrade.completed", "subscription.reactivated"), lastTypes(expired, 3));
        assertEquals(List.of("upgrade.completed", "credit.expired"), lastTypes(finalized, 2));
        assertEquals(
                "UPGRADED",
                data(events(finalized).get(events(finalized).size() - 1)).get("reason"));
    }

    private static List<String> lastTypes(String subscriptionId, int n) {
        List<String> types = events(subscriptionId).stream()
                .map(event -> (String) event.get("type"))
                .toList();
        return types.subList(types.size() - n, types.size());
    }

    private static JsonPath requestUpgrade(String account, String subscriptionId) {
        return customer(account)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + subscriptionId + "/upgrade-requests")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** Credit without an expiry, so that it outlives the trial. */
    private static void grantPromotional(String subscriptionId) {
        operator()
                .body(Map.of("amount", Map.of("amount", "10.00", "currency", "USD"), "reason", "Promo"))
                .post("/v1/subscriptions/" + subscriptionId + "/benefits")
                .then()
                .statusCode(201);
    }

    private static String trialEndsAt(String account, String subscriptionId) {
        return customer(account).get("/v1/subscriptions/" + subscriptionId).path("trialEndsAt");
    }

    /** Read through the feed, so the contract filter validates every event against its type's schema. */
    private static List<Map<String, Object>> events(String subscriptionId) {
        return operator()
                .queryParam("subscriptionId", subscriptionId)
                .queryParam("limit", 100)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
    }

    private static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String type) {
        return events.stream().filter(event -> type.equals(event.get("type"))).toList();
    }

    private static List<Object> values(List<Map<String, Object>> events, String type, String key) {
        return ofType(events, type).stream().map(event -> data(event).get(key)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> event) {
        return new HashMap<>((Map<String, Object>) event.get("data"));
    }
}
