package io.subupgrade.subscription;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.STUDENTS;
import static io.subupgrade.testing.Fixtures.allIds;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionResourceTest {

    @Test
    void freeTrialSignUpGrantsTwoHundredDollarsForThirtyDays() {
        String account = newAccount();
        Response created = customer(account)
                .body(Map.of("offerId", FREE_TRIAL, "displayName", "Dev sandbox"))
                .post("/v1/subscriptions");
        created.then()
                .statusCode(201)
                .header("Location", endsWith("/v1/subscriptions/" + created.path("id")))
                .header("ETag", equalTo("\"0\""))
                .body("ownerId", equalTo(account))
                .body("displayName", equalTo("Dev sandbox"))
                .body("offerId", equalTo(FREE_TRIAL))
                .body("state", equalTo("ACTIVE"))
                .body("disabledReason", nullValue())
                .body("spendingLimit", equalTo("ON"))
                .body("pendingUpgradeRequestId", nullValue())
                .body("creditRemaining.amount", equalTo("200.00"))
                .body("creditRemaining.currency", equalTo("USD"))
                .body("creditOriginal.amount", equalTo("200.00"))
                .body("version", equalTo(0));
        Instant createdAt = Instant.parse(created.path("createdAt"));
        Instant trialEndsAt = Instant.parse(created.path("trialEndsAt"));
        assertEquals(Duration.ofDays(30), Duration.between(createdAt, trialEndsAt));

        String id = created.path("id");
        customer(account)
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].kind", equalTo("CREDIT"))
                .body("data[0].original.amount", equalTo("200.00"))
                .body("data[0].remaining.amount", equalTo("200.00"))
                .body("data[0].status", equalTo("ACTIVE"))
                .body("data[0].expiresAt", equalTo(created.path("trialEndsAt")))
                .body("nextCursor", nullValue());
    }

    @Test
    void offersWithoutCreditOrTermGrantNothing() {
        String account = newAccount();
        String imagine = subscribe(account, IMAGINE);
        customer(account)
                .get("/v1/subscriptions/" + imagine)
                .then()
                .body("trialEndsAt", nullValue())
                .body("creditRemaining", nullValue())
                .body("spendingLimit", equalTo("ON"));
        String payg = subscribe(account, PAYG);
        customer(account)
                .get("/v1/subscriptions/" + payg)
                .then()
                .body("spendingLimit", equalTo("OFF"))
                .body("creditRemaining", nullValue());
        String students = subscribe(account, STUDENTS);
        customer(account)
                .get("/v1/subscriptions/" + students)
                .then()
                .body("creditRemaining.amount", equalTo("100.00"))
                .body("trialEndsAt", notNullValue());
    }

    @Test
    void oneFreeTrialPerAccountEver() {
        String account = newAccount();
        subscribe(account, FREE_TRIAL);
        customer(account)
                .body(Map.of("offerId", FREE_TRIAL, "displayName", "Again"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("trial-already-used"));
        // Another account is not affected.
        subscribe(newAccount(), FREE_TRIAL);
    }

    @Test
    void concurrentFreeTrialSignUpsCreateExactlyOne() throws Exception {
        String account = newAccount();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> customer(account)
                        .body(Map.of("offerId", FREE_TRIAL, "displayName", "Race"))
                        .post("/v1/subscriptions")
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        customer(account).get("/v1/subscriptions").then().body("data.size()", equalTo(1));
    }

    @Test
    void unknownOfferIsUnprocessable() {
        customer(newAccount())
                .body(Map.of("offerId", "NO-SUCH", "displayName", "x"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(422)
                .body("code", equalTo("unknown-offer"));
    }

    @Test
    void customersListTheirOwnAndOperatorsFilterByOwner() {
        String alice = newAccount();
        String bob = newAccount();
        String a1 = subscribe(alice, PAYG);
        String a2 = subscribe(alice, IMAGINE);
        String b1 = subscribe(bob, PAYG);
        customer(alice).get("/v1/subscriptions").then().statusCode(200).body("data.id", containsInAnyOrder(a1, a2));
        operator()
                .queryParam("ownerId", bob)
                .get("/v1/subscriptions")
                .then()
                .statusCode(200)
                .body("data.id", containsInAnyOrder(b1));
        customer(alice)
                .queryParam("ownerId", bob)
                .get("/v1/subscriptions")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void listPagesWithoutRepeatsOrGaps() {
        String account = newAccount();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(subscribe(account, PAYG));
        }
        List<String> seen = allIds(() -> customer(account).queryParam("limit", 2), "/v1/subscriptions", () -> {});
        assertEquals(ids, seen);
    }

    @Test
    void anotherAccountsSubscriptionIsNotFound() {
        String owner = newAccount();
        String id = subscribe(owner, FREE_TRIAL);
        customer(newAccount())
                .get("/v1/subscriptions/" + id)
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
        customer(newAccount())
                .body(Map.of("displayName", "stolen"))
                .patch("/v1/subscriptions/" + id)
                .then()
                .statusCode(404);
        customer(newAccount())
                .get("/v1/subscriptions/" + id + "/benefits")
                .then()
                .statusCode(404);
        operator().get("/v1/subscriptions/" + id).then().statusCode(200).body("ownerId", equalTo(owner));
        customer(owner).get("/v1/subscriptions/" + id).then().body("displayName", equalTo("My " + FREE_TRIAL));
    }

    @Test
    void renameHonoursIfMatch() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        String etag = customer(account).get("/v1/subscriptions/" + id).header("ETag");
        customer(account)
                .header("If-Match", etag)
                .body(Map.of("displayName", "Production"))
                .patch("/v1/subscriptions/" + id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("displayName", equalTo("Production"))
                .body("version", equalTo(1));
        customer(account)
                .header("If-Match", etag)
                .body(Map.of("displayName", "Stale write"))
                .patch("/v1/subscriptions/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("code", equalTo("precondition-failed"));
        customer(account).get("/v1/subscriptions/" + id).then().body("displayName", equalTo("Production"));
        customer(account)
                .body(Map.of("displayName", "Without If-Match"))
                .patch("/v1/subscriptions/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
    }

    @Test
    void concurrentRenamesWithTheSameETagHaveOneWinner() throws Exception {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        String etag = customer(account).get("/v1/subscriptions/" + id).header("ETag");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "Name " + i;
                calls.add(() -> customer(account)
                        .header("If-Match", etag)
                        .body(Map.of("displayName", name))
                        .patch("/v1/subscriptions/" + id)
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        customer(account).get("/v1/subscriptions/" + id).then().body("version", equalTo(1));
    }

    @Test
    void onlyCustomersSignUpAndOnlyOwnersRename() {
        meter().body(Map.of("offerId", PAYG, "displayName", "x"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(403);
        String id = subscribe(newAccount(), PAYG);
        operator()
                .body(Map.of("displayName", "ops rename"))
                .patch("/v1/subscriptions/" + id)
                .then()
                .statusCode(403);
        meter().get("/v1/subscriptions/" + id).then().statusCode(403);
    }
}
