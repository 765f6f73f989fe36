package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.STUDENTS;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.upgrade.UpgradeSteps.eventTypes;
import static io.subupgrade.upgrade.UpgradeSteps.requestUpgrade;
import static io.subupgrade.upgrade.UpgradeSteps.subscription;
import static io.subupgrade.upgrade.UpgradeSteps.upgradeRequest;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UpgradeRequestTest {
    @Inject
    EntityManager em;

    @Test
    void freeTrialWithCreditLeftStaysPendingUntilTheTrialEnds() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        String trialEndsAt = subscription(account, id).getString("trialEndsAt");

        Response created = customer(account)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + id + "/upgrade-requests");
        created.then()
                .statusCode(201)
                .header("Location", endsWith("/v1/upgrade-requests/" + created.path("id")))
                .body("subscriptionId", equalTo(id))
                .body("fromOfferId", equalTo(FREE_TRIAL))
                .body("targetOfferId", equalTo(PAYG))
                .body("status", equalTo("PENDING"))
                .body("requestedBy", equalTo(account))
                .body("effectiveAt", nullValue())
                .body("completedAt", nullValue())
                .body("completionReason", nullValue())
                .body("cancelledAt", nullValue());
        String requestId = created.path("id");

        JsonPath s = subscription(account, id);
        assertEquals(requestId, s.getString("pendingUpgradeRequestId"));
        assertEquals(FREE_TRIAL, s.getString("offerId"));
        assertEquals("ON", s.getString("spendingLimit"));
        assertEquals("200.00", s.getString("creditRemaining.amount"));
        assertEquals(trialEndsAt, s.getString("trialEndsAt"));
        customer(account)
                .get(created.header("Location"))
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"0\""))
                .body("status", equalTo("PENDING"));
        assertEquals(List.of("subscription.created", "credit.granted", "upgrade.requested"), eventTypes(account, id));
    }

    @Test
    void imagineHasNoBenefitsSoTheUpgradeCompletesAtOnce() {
        String account = newAccount();
        String id = subscribe(account, IMAGINE);

        JsonPath r = requestUpgrade(account, id, PAYG);
        assertEquals("COMPLETED", r.getString("status"));
        assertEquals("NO_BENEFITS", r.getString("completionReason"));
        assertEquals(r.getString("requestedAt"), r.getString("effectiveAt"));
        assertEquals(r.getString("requestedAt"), r.getString("completedAt"));

        JsonPath s = subscription(account, id);
        assertEquals(PAYG, s.getString("offerId"));
        assertEquals("OFF", s.getString("spendingLimit"));
        assertEquals("ACTIVE", s.getString("state"));
        assertEquals(null, s.getString("pendingUpgradeRequestId"));
        assertEquals(1, s.getInt("version"));
        assertEquals(
                List.of("subscription.created", "upgrade.requested", "upgrade.completed"), eventTypes(account, id));
    }

    @Test
    void requestingNeedsAnExplicitConfirmation() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        for (Map<String, Object> body : List.of(
                Map.<String, Object>of("targetOfferId", PAYG),
                Map.<String, Object>of("targetOfferId", PAYG, "confirm", false))) {
            customer(account)
                    .body(body)
                    .post("/v1/subscriptions/" + id + "/upgrade-requests")
                    .then()
                    .statusCode(422)
                    .body("code", equalTo("confirmation-required"))
                    .body("title", equalTo("Confirmation required"));
        }
        assertEquals(null, subscription(account, id).getString("pendingUpgradeRequestId"));
    }

    @Test
    void onlyTheOffersUpgradeTargetsAreAllowed() {
        String account = newAccount();
        String trial = subscribe(account, FREE_TRIAL);
        String payg = subscribe(account, PAYG);
        customer(account)
                .body(Map.of("targetOfferId", STUDENTS, "confirm", true))
                .post("/v1/subscriptions/" + trial + "/upgrade-requests")
                .then()
                .statusCode(409)
                .body("code", equalTo("not-upgradable"))
                .body("detail", equalTo("Offer MS-AZR-0044P cannot be upgraded to MS-AZR-0170P."));
        customer(account)
                .body(Map.of("targetOfferId", FREE_TRIAL, "confirm", true))
                .post("/v1/subscriptions/" + payg + "/upgrade-requests")
                .then()
                .statusCode(409)
                .body("code", equalTo("not-upgradable"));
        customer(account)
                .body(Map.of("targetOfferId", "MS-AZR-9999P", "confirm", true))
                .post("/v1/subscriptions/" + trial + "/upgrade-requests")
                .then()
                .statusCode(422)
                .body("code", equalTo("unknown-offer"));
    }

    @Test
    void aSecondRequestWhileOneIsPendingIsAConflict() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        String first = requestUpgrade(account, id, PAYG).getString("id");
        customer(account)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .statusCode(409)
                .body("code", equalTo("upgrade-already-pending"))
                .body("detail", equalTo("Upgrade request " + first + " is already pending."));
    }

    @Test
    void concurrentRequestsCreateExactlyOne() throws Exception {
        String account = newAccount();
        String id = subscribe(account, STUDENTS);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> customer(account)
                        .body(Map.of("targetOfferId", PAYG, "confirm", true))
                        .post("/v1/subscriptions/" + id + "/upgrade-requests")
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count());
            assertEquals(7, statuses.stream().filter(s -> s == 409).count());
        } finally {
            pool.shutdown();
        }
        customer(account)
                .get("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .body("data.size()", equalTo(1));
    }

    @Test
    void aCancelledSubscriptionCannotBeUpgraded() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        // No endpoint cancels subscriptions yet: set the state directly.
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("UPDATE subscription SET state = 'CANCELLED' WHERE id = ?1")
                        .setParameter(1, UUID.fromString(id))
                        .executeUpdate());
        customer(account)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .statusCode(409)
                .body("code", equalTo("subscription-cancelled"));
    }

    @Test
    void onlyTheOwnerRequests() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        customer(newAccount())
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
        operator()
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        String requestId = requestUpgrade(account, id, PAYG).getString("id");
        customer(newAccount()).get("/v1/upgrade-requests/" + requestId).then().statusCode(404);
        customer(newAccount())
                .post("/v1/upgrade-requests/" + requestId + "/cancel")
                .then()
                .statusCode(404);
        operator().get("/v1/upgrade-requests/" + requestId).then().statusCode(200);
    }

    @Test
    void ownerCancelsAPendingRequestOnce() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        String requestId = requestUpgrade(account, id, PAYG).getString("id");

        customer(account)
                .post("/v1/upgrade-requests/" + requestId + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("completedAt", nullValue());
        JsonPath r = upgradeRequest(account, requestId);
        assertEquals("CANCELLED", r.getString("status"));
        assertEquals(r.getString("cancelledAt") != null, true);
        assertEquals(null, subscription(account, id).getString("pendingUpgradeRequestId"));
        customer(account)
                .post("/v1/upgrade-requests/" + requestId + "/cancel")
                .then()
                .statusCode(409)
                .body("code", equalTo("upgrade-not-pending"))
                .body("detail", equalTo("The upgrade request is CANCELLED."));
        assertEquals(
                List.of("subscription.created", "credit.granted", "upgrade.requested", "upgrade.cancelled"),
                eventTypes(account, id));

        // Cancelling frees the subscription for a new request.
        requestUpgrade(account, id, PAYG);
    }

    @Test
    void aCompletedRequestCannotBeCancelled() {
        String account = newAccount();
        String id = subscribe(account, IMAGINE);
        String requestId = requestUpgrade(account, id, PAYG).getString("id");
        customer(account)
                .post("/v1/upgrade-requests/" + requestId + "/cancel")
                .then()
                .statusCode(409)
                .body("code", equalTo("upgrade-not-pending"))
                .body("detail", equalTo("The upgrade request is COMPLETED."));
    }

    @Test
    void listsAreNewestFirstAndOperatorsFilterByStatus() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        String cancelled = requestUpgrade(account, id, PAYG).getString("id");
        customer(account)
                .post("/v1/upgrade-requests/" + cancelled + "/cancel")
                .then()
                .statusCode(200);
        String pending = requestUpgrade(account, id, PAYG).getString("id");

        customer(account)
                .queryParam("limit", 1)
                .get("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(pending)))
                .extract()
                .path("nextCursor");
        String cursor = customer(account)
                .queryParam("limit", 1)
                .get("/v1/subscriptions/" + id + "/upgrade-requests")
                .path("nextCursor");
        customer(account)
                .queryParam("limit", 1)
                .queryParam("cursor", cursor)
                .get("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .body("data.id", equalTo(List.of(cancelled)))
                .body("nextCursor", nullValue());

        operator()
                .queryParam("status", "PENDING")
                .queryParam("limit", 100)
                .get("/v1/upgrade-requests")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(pending))
                .body("data.id", not(hasItem(cancelled)))
                .body("data.status", not(hasItem("CANCELLED")));
        customer(account).get("/v1/upgrade-requests").then().statusCode(403);
        raw().auth()
                .oauth2(token("ops", "operator"))
                .queryParam("status", "DONE")
                .get("/v1/upgrade-requests")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"));
    }
}
