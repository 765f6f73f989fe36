package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.STUDENTS;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.upgrade.UpgradeSteps.requestUpgrade;
import static io.subupgrade.upgrade.UpgradeSteps.subscription;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UpgradePreviewTest {

    @Test
    void freeTrialPreviewKeepsTheBenefitsUntilTheTrialEnds() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        String trialEndsAt = subscription(account, id).getString("trialEndsAt");

        customer(account)
                .get("/v1/subscriptions/" + id + "/upgrade-preview")
                .then()
                .statusCode(200)
                .body("eligible", equalTo(true))
                .body("reasons", equalTo(List.of()))
                .body("fromOfferId", equalTo(FREE_TRIAL))
                .body("targetOfferId", equalTo(PAYG))
                .body("creditRemaining.amount", equalTo("200.00"))
                .body("creditRemaining.currency", equalTo("USD"))
                .body("trialEndsAt", equalTo(trialEndsAt))
                .body("expectedEffectiveAt", equalTo(trialEndsAt))
                .body("completesImmediately", equalTo(false))
                .body("changes.field", equalTo(List.of("offerId", "spendingLimit")))
                .body("changes[0].from", equalTo(FREE_TRIAL))
                .body("changes[0].to", equalTo(PAYG))
                .body("changes[1].from", equalTo("ON"))
                .body("changes[1].to", equalTo("OFF"));

        // Nothing changed.
        assertEquals(0, subscription(account, id).getInt("version"));
    }

    @Test
    void imaginePreviewCompletesImmediately() {
        String account = newAccount();
        String id = subscribe(account, IMAGINE);
        operator()
                .queryParam("targetOfferId", PAYG)
                .get("/v1/subscriptions/" + id + "/upgrade-preview")
                .then()
                .statusCode(200)
                .body("eligible", equalTo(true))
                .body("creditRemaining", nullValue())
                .body("trialEndsAt", nullValue())
                .body("expectedEffectiveAt", notNullValue())
                .body("completesImmediately", equalTo(true));
    }

    @Test
    void previewExplainsWhyAnUpgradeIsNotPossible() {
        String account = newAccount();
        String payg = subscribe(account, PAYG);
        customer(account)
                .get("/v1/subscriptions/" + payg + "/upgrade-preview")
                .then()
                .statusCode(200)
                .body("eligible", equalTo(false))
                .body("targetOfferId", nullValue())
                .body("reasons.code", equalTo(List.of("not-upgradable")))
                .body("expectedEffectiveAt", nullValue())
                .body("completesImmediately", equalTo(false))
                .body("changes", equalTo(List.of()));

        String trial = subscribe(account, FREE_TRIAL);
        customer(account)
                .queryParam("targetOfferId", STUDENTS)
                .get("/v1/subscriptions/" + trial + "/upgrade-preview")
                .then()
                .body("eligible", equalTo(false))
                .body("targetOfferId", equalTo(STUDENTS))
                .body("reasons[0].code", equalTo("not-upgradable"))
                .body("reasons[0].message", equalTo("Offer MS-AZR-0044P cannot be upgraded to MS-AZR-0170P."));

        requestUpgrade(account, trial, PAYG);
        customer(account)
                .get("/v1/subscriptions/" + trial + "/upgrade-preview")
                .then()
                .body("eligible", equalTo(false))
                .body("reasons.code", equalTo(List.of("upgrade-already-pending")));
    }

    @Test
    void previewOfAnUnknownOfferOrSomeoneElsesSubscription() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        customer(account)
                .queryParam("targetOfferId", "MS-AZR-9999P")
                .get("/v1/subscriptions/" + id + "/upgrade-preview")
                .then()
                .statusCode(422)
                .body("code", equalTo("unknown-offer"));
        customer(newAccount())
                .get("/v1/subscriptions/" + id + "/upgrade-preview")
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
    }
}
