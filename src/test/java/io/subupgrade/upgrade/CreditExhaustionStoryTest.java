package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.upgrade.UpgradeSteps.eventTypes;
import static io.subupgrade.upgrade.UpgradeSteps.requestUpgrade;
import static io.subupgrade.upgrade.UpgradeSteps.runJobs;
import static io.subupgrade.upgrade.UpgradeSteps.subscription;
import static io.subupgrade.upgrade.UpgradeSteps.upgradeRequest;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole story of the issue: the upgrade takes effect the moment the credit runs out. */
@QuarkusTest
class CreditExhaustionStoryTest {
    private static final String D2S = "vm-d2s-v3-hour"; // 0.096 USD per hour

    @Test
    void upgradeCompletesWhenCreditRunsOut() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        use(id, "u1", "1000").then().body("coveredByCredit.amount", equalTo("96.00"));

        customer(account)
                .get("/v1/subscriptions/" + id + "/upgrade-preview")
                .then()
                .body("eligible", equalTo(true))
                .body("creditRemaining.amount", equalTo("104.00"))
                .body("completesImmediately", equalTo(false));
        String requestId = requestUpgrade(account, id, PAYG).getString("id");
        assertEquals("PENDING", upgradeRequest(account, requestId).getString("status"));

        // 2000 h = 192.00: the last 104.00 of credit, then 88.00 billed because an upgrade is pending.
        JsonPath exhausting = use(id, "u2", "2000")
                .then()
                .statusCode(201)
                .body("cost.amount", equalTo("192.00"))
                .body("coveredByCredit.amount", equalTo("104.00"))
                .body("billable.amount", equalTo("88.00"))
                .body("notCharged.amount", equalTo("0.00"))
                .extract()
                .jsonPath();
        assertEquals("ACTIVE", subscription(account, id).getString("state"));

        runJobs();
        JsonPath r = upgradeRequest(account, requestId);
        assertEquals("COMPLETED", r.getString("status"));
        assertEquals("CREDIT_EXHAUSTED", r.getString("completionReason"));
        assertEquals(exhausting.getString("recordedAt"), r.getString("effectiveAt"));

        JsonPath s = subscription(account, id);
        assertEquals(PAYG, s.getString("offerId"));
        assertEquals("OFF", s.getString("spendingLimit"));
        assertEquals("ACTIVE", s.getString("state"));

        use(id, "u3", "10")
                .then()
                .statusCode(201)
                .body("coveredByCredit.amount", equalTo("0.00"))
                .body("billable.amount", equalTo("0.96"));
        assertTrue(eventTypes(account, id).contains("credit.exhausted"));
        assertTrue(eventTypes(account, id).contains("upgrade.completed"));
    }

    private static io.restassured.response.Response use(String subscriptionId, String eventId, String hours) {
        return meter().body(Map.of("eventId", eventId, "meterId", D2S, "quantity", hours))
                .post("/v1/subscriptions/" + subscriptionId + "/usage");
    }
}
