package io.subupgrade.usage;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.time.ServiceClock;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrialExpiryOnUsageTest {
    @Inject
    ServiceClock clock;

    @Test
    void usageAfterTheTrialEndedDisablesTheTrialAndIsRefused() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        hours(id, "before", 100).then().statusCode(201);

        // The clock only moves forward, so other tests stay valid whatever ran before.
        clock.advance(Duration.ofDays(31));

        hours(id, "after", 1)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("subscription-disabled"));
        customer(account)
                .get("/v1/subscriptions/" + id)
                .then()
                .body("state", equalTo("DISABLED"))
                .body("disabledReason", equalTo("TRIAL_EXPIRED"))
                .body("creditRemaining.amount", equalTo("0.00"));
        customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .body("data[0].status", equalTo("EXPIRED"))
                .body("data[0].remaining.amount", equalTo("190.40"));
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(1));
        assertEquals(1L, DbEvents.count(id, "subscription.disabled"));
        assertEquals(1L, DbEvents.count(id, "credit.expired"));
        // A replay of usage recorded before the trial ended is still answered with the original.
        hours(id, "before", 100).then().statusCode(200);
    }
}
