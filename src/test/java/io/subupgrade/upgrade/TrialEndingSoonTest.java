package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.upgrade.UpgradeSteps.advancePast;
import static io.subupgrade.upgrade.UpgradeSteps.requestUpgrade;
import static io.subupgrade.upgrade.UpgradeSteps.runJobs;
import static io.subupgrade.upgrade.UpgradeSteps.subscription;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code trial.ending_soon} at the default marks 7 and 1 days before {@code trialEndsAt}, through the sandbox
 * clock: each test works from its own subscription's trial end, since the shared clock only moves forward.
 */
@QuarkusTest
class TrialEndingSoonTest {

    @Test
    void noticesSevenThenOneDayBeforeTheTrialEndsOnceEach() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        Instant trialEndsAt = Instant.parse(subscription(account, id).getString("trialEndsAt"));

        advancePast(trialEndsAt.minus(Duration.ofDays(7)));
        runJobs();
        runJobs(); // a second run finds the mark done
        assertEquals(List.of(notice(trialEndsAt, 7, null)), notices(account, id));

        advancePast(trialEndsAt.minus(Duration.ofDays(1)));
        runJobs();
        runJobs();
        assertEquals(List.of(notice(trialEndsAt, 7, null), notice(trialEndsAt, 1, null)), notices(account, id));
        assertEquals("ACTIVE", subscription(account, id).getString("state"));
    }

    @Test
    void aJumpPastBothMarksNoticesOnlyTheLastDayAndCountsAPendingUpgrade() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        Instant trialEndsAt = Instant.parse(subscription(account, id).getString("trialEndsAt"));
        String requestId = requestUpgrade(account, id, PAYG).getString("id");

        advancePast(trialEndsAt.minus(Duration.ofDays(1)));
        runJobs();
        runJobs();
        assertEquals(List.of(notice(trialEndsAt, 1, requestId)), notices(account, id));
    }

    private static Map<String, Object> notice(Instant trialEndsAt, int markDays, String pendingUpgradeRequestId) {
        Map<String, Object> data = new HashMap<>(Map.of("trialEndsAt", trialEndsAt, "markDays", markDays));
        data.put("pendingUpgradeRequestId", pendingUpgradeRequestId); // null is a value here
        return data;
    }

    /** The data of the subscription's {@code trial.ending_soon} events, in feed order, times parsed. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> notices(String account, String subscriptionId) {
        List<Map<String, Object>> events = customer(account)
                .queryParam("subscriptionId", subscriptionId)
                .queryParam("type", "trial.ending_soon")
                .queryParam("limit", 100)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
        return events.stream()
                .map(e -> {
                    Map<String, Object> data = (Map<String, Object>) e.get("data");
                    Map<String, Object> parsed = new HashMap<>(data);
                    parsed.put("trialEndsAt", Instant.parse((String) data.get("trialEndsAt")));
                    return parsed;
                })
                .toList();
    }
}
