package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.upgrade.UpgradeSteps.advancePast;
import static io.subupgrade.upgrade.UpgradeSteps.requestUpgrade;
import static io.subupgrade.upgrade.UpgradeSteps.runJobs;
import static io.subupgrade.upgrade.UpgradeSteps.subscription;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Credit granted once the trial's benefits have run out: usable on Pay-As-You-Go when an upgrade is taking effect,
 * refused with a problem when the subscription could never spend it. Only leftover trial credit expires.
 */
@QuarkusTest
class CreditAfterUpgradeTest {

    @Test
    void creditGrantedWhileTheUpgradeTakesEffectStaysUsableOnPayAsYouGo() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        String request = requestUpgrade(account, id, PAYG).getString("id");
        // 3000 h at 0.096 = 288.00: the 200.00 of credit run out, the upgrade is due; 88.00 billable.
        usage(id, "burn", "3000").then().statusCode(201).body("billable.amount", equalTo("88.00"));

        Response grant = grant(id, "25.00", "USD");
        grant.then().statusCode(201).body("status", equalTo("ACTIVE"));
        String grantId = grant.path("id");

        assertEquals(1, runJobs().getInt("finalized"));
        assertEquals("COMPLETED", UpgradeSteps.upgradeRequest(account, request).getString("status"));
        JsonPath s = subscription(account, id);
        assertEquals(PAYG, s.getString("offerId"));
        assertEquals("25.00", s.getString("creditRemaining.amount"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .body("data.find { it.id == '" + grantId + "' }.status", equalTo("ACTIVE"))
                .body("data.find { it.id != '" + grantId + "' }.status", equalTo("EXHAUSTED"));
        // Pay-As-You-Go usage spends it first.
        usage(id, "after", "10")
                .then()
                .statusCode(201)
                .body("coveredByCredit.amount", equalTo("0.96"))
                .body("billable.amount", equalTo("0.00"));
        assertEquals("24.04", subscription(account, id).getString("creditRemaining.amount"));
    }

    @Test
    void leftoverTrialCreditStillExpiresOnUpgrade() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        grant(id, "10.00", "USD").then().statusCode(201);
        requestUpgrade(account, id, PAYG);
        advancePast(Instant.parse(subscription(account, id).getString("trialEndsAt")));
        runJobs();
        JsonPath s = subscription(account, id);
        assertEquals(PAYG, s.getString("offerId"));
        assertEquals("0.00", s.getString("creditRemaining.amount"));
        assertEquals(
                List.of("EXPIRED", "EXPIRED"),
                customer(account).get("/v1/subscriptions/" + id + "/benefits").path("data.status"));
    }

    @Test
    void aTrialDisabledByExhaustedCreditRefusesCredit() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        usage(id, "burn", "3000").then().statusCode(201).body("notCharged.amount", equalTo("88.00"));
        assertEquals("DISABLED", subscription(account, id).getString("state"));

        grant(id, "25.00", "USD")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("subscription-disabled"));
        assertEquals(
                1,
                customer(account)
                        .get("/v1/subscriptions/" + id + "/benefits")
                        .<List<?>>path("data")
                        .size());
        // The upgrade reactivates it at once; credit granted then is usable.
        assertEquals("COMPLETED", requestUpgrade(account, id, PAYG).getString("status"));
        grant(id, "25.00", "USD").then().statusCode(201);
        assertEquals("25.00", subscription(account, id).getString("creditRemaining.amount"));
    }

    @Test
    void aTrialPastItsEndWithoutAnUpgradeRefusesCredit() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        advancePast(Instant.parse(subscription(account, id).getString("trialEndsAt")));
        grant(id, "25.00", "USD").then().statusCode(409).body("code", equalTo("subscription-disabled"));
        assertEquals(
                1,
                customer(account)
                        .get("/v1/subscriptions/" + id + "/benefits")
                        .<List<?>>path("data")
                        .size());
    }

    private static Response grant(String subscriptionId, String amount, String currency) {
        return operator()
                .body(Map.of("amount", Map.of("amount", amount, "currency", currency), "reason", "goodwill"))
                .post("/v1/subscriptions/" + subscriptionId + "/benefits");
    }

    private static Response usage(String subscriptionId, String eventId, String hours) {
        return meter().body(Map.of("eventId", eventId, "meterId", "vm-d2s-v3-hour", "quantity", hours))
                .post("/v1/subscriptions/" + subscriptionId + "/usage");
    }
}
