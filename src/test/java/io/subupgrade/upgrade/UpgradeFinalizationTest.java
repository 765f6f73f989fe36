package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.upgrade.UpgradeSteps.advancePast;
import static io.subupgrade.upgrade.UpgradeSteps.clockNow;
import static io.subupgrade.upgrade.UpgradeSteps.eventTypes;
import static io.subupgrade.upgrade.UpgradeSteps.requestUpgrade;
import static io.subupgrade.upgrade.UpgradeSteps.runJobs;
import static io.subupgrade.upgrade.UpgradeSteps.subscription;
import static io.subupgrade.upgrade.UpgradeSteps.upgradeRequest;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UpgradeFinalizationTest {

    @Test
    void upgradeTakesEffectWhenTheTrialEndsNotWhenTheJobRuns() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        Instant trialEndsAt = Instant.parse(subscription(account, id).getString("trialEndsAt"));
        String requestId = requestUpgrade(account, id, PAYG).getString("id");

        operator()
                .body(Map.of("duration", "P31D"))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(200);
        // The job's counts include other tests' due requests (one shared database): assert on this one's data.
        runJobs();

        JsonPath r = upgradeRequest(account, requestId);
        assertEquals("COMPLETED", r.getString("status"));
        assertEquals("TRIAL_ENDED", r.getString("completionReason"));
        assertEquals(trialEndsAt, Instant.parse(r.getString("effectiveAt")));
        assertTrue(Instant.parse(r.getString("completedAt")).isAfter(trialEndsAt));

        JsonPath s = subscription(account, id);
        assertEquals(PAYG, s.getString("offerId"));
        assertEquals("OFF", s.getString("spendingLimit"));
        assertEquals("ACTIVE", s.getString("state"));
        assertEquals(null, s.getString("pendingUpgradeRequestId"));
        // Pay-As-You-Go has no term, so no trial end any more (usage disables trials past it).
        assertEquals(null, s.getString("trialEndsAt"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .body("data[0].status", equalTo("EXPIRED"))
                .body("data[0].remaining.amount", equalTo("200.00"));

        // Running again changes nothing: completed once, and an upgraded subscription is no expired trial.
        runJobs();
        assertEquals("ACTIVE", subscription(account, id).getString("state"));
        assertEquals(
                List.of(
                        "subscription.created",
                        "credit.granted",
                        "upgrade.requested",
                        "credit.expired",
                        "upgrade.completed"),
                eventTypes(account, id));
    }

    @Test
    void trialWithoutUpgradeIsDisabledWhenItEnds() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        advancePast(Instant.parse(subscription(account, id).getString("trialEndsAt")));

        runJobs();

        JsonPath s = subscription(account, id);
        assertEquals("DISABLED", s.getString("state"));
        assertEquals("TRIAL_EXPIRED", s.getString("disabledReason"));
        assertEquals(FREE_TRIAL, s.getString("offerId"));
        assertEquals("0.00", s.getString("creditRemaining.amount"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .body("data[0].status", equalTo("EXPIRED"));
        List<String> events =
                List.of("subscription.created", "credit.granted", "credit.expired", "subscription.disabled");
        assertEquals(events, eventTypes(account, id));
        // A second run finds nothing more to do for it.
        runJobs();
        assertEquals(events, eventTypes(account, id));
    }

    @Test
    void upgradingADisabledTrialReactivatesItAtOnce() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        advancePast(Instant.parse(subscription(account, id).getString("trialEndsAt")));
        runJobs();
        assertEquals("DISABLED", subscription(account, id).getString("state"));

        JsonPath r = requestUpgrade(account, id, PAYG);
        assertEquals("COMPLETED", r.getString("status"));
        assertEquals("TRIAL_ENDED", r.getString("completionReason"));
        assertEquals(r.getString("requestedAt"), r.getString("effectiveAt"));

        JsonPath s = subscription(account, id);
        assertEquals("ACTIVE", s.getString("state"));
        assertEquals(null, s.getString("disabledReason"));
        assertEquals(PAYG, s.getString("offerId"));
        assertEquals("OFF", s.getString("spendingLimit"));
        List<String> types = eventTypes(account, id);
        assertEquals(
                List.of("upgrade.requested", "upgrade.completed", "subscription.reactivated"),
                types.subList(types.size() - 3, types.size()));
    }

    @Test
    void expiredPromotionalCreditMakesThePendingUpgradeDueAtItsExpiry() {
        String account = newAccount();
        String id = subscribe(account, IMAGINE);
        Instant expiresAt = clockNow().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        operator()
                .body(Map.of(
                        "amount", Map.of("amount", "10.00", "currency", "USD"),
                        "expiresAt", expiresAt.toString(),
                        "reason", "Hackathon"))
                .post("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(201);
        String requestId = requestUpgrade(account, id, PAYG).getString("id");
        assertEquals("PENDING", upgradeRequest(account, requestId).getString("status"));

        advancePast(expiresAt);
        runJobs();

        JsonPath r = upgradeRequest(account, requestId);
        assertEquals("COMPLETED", r.getString("status"));
        assertEquals("CREDIT_EXHAUSTED", r.getString("completionReason"));
        assertEquals(expiresAt, Instant.parse(r.getString("effectiveAt")));
        assertEquals(PAYG, subscription(account, id).getString("offerId"));
    }

    @Test
    void onlyOperatorsRunTheJobs() {
        customer(newAccount())
                .post("/v1/jobs/upgrade-finalization")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        JsonPath run = runJobs();
        assertFalse(run.getInt("finalized") < 0);
    }
}
