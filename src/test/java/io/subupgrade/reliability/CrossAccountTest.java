package io.subupgrade.reliability;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.subupgrade.testing.Usage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Another account's token on every endpoint that takes an id: 404 exactly as for an id that does
 * not exist (or an empty list for the events filter), nothing changes, and no error names the owner.
 */
@QuarkusTest
class CrossAccountTest {

    record Attempt(String name, BiFunction<RequestSpecification, String[], Response> call) {}

    @Test
    void anotherAccountGetsNotFoundAndChangesNothing() {
        String victim = newAccount();
        String subscription = subscribe(victim, FREE_TRIAL);
        Usage.hours(subscription, "victim-1", 10).then().statusCode(201);
        String request = customer(victim)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + subscription + "/upgrade-requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String before = snapshot(victim, subscription, request);

        String attacker = newAccount();
        subscribe(attacker, PAYG);
        // ids[0] is a subscription id, ids[1] an upgrade request id.
        List<Attempt> attempts = List.of(
                new Attempt("GET subscription", (c, ids) -> c.get("/v1/subscriptions/" + ids[0])),
                new Attempt("PATCH subscription", (c, ids) -> c.header("If-Match", "\"0\"")
                        .body(Map.of("displayName", "pwned"))
                        .patch("/v1/subscriptions/" + ids[0])),
                new Attempt("GET benefits", (c, ids) -> c.get("/v1/subscriptions/" + ids[0] + "/benefits")),
                new Attempt("GET usage", (c, ids) -> c.get("/v1/subscriptions/" + ids[0] + "/usage")),
                new Attempt("GET cost-summary", (c, ids) -> c.get("/v1/subscriptions/" + ids[0] + "/cost-summary")),
                new Attempt("GET upgrade-preview", (c, ids) -> c.queryParam("targetOfferId", PAYG)
                        .get("/v1/subscriptions/" + ids[0] + "/upgrade-preview")),
                new Attempt(
                        "GET upgrade-requests", (c, ids) -> c.get("/v1/subscriptions/" + ids[0] + "/upgrade-requests")),
                new Attempt("POST upgrade-requests", (c, ids) -> c.body(Map.of("targetOfferId", PAYG, "confirm", true))
                        .post("/v1/subscriptions/" + ids[0] + "/upgrade-requests")),
                new Attempt("POST upgrade-requests (idempotency key)", (c, ids) -> c.header(
                                "Idempotency-Key", "steal-" + ids[0])
                        .body(Map.of("targetOfferId", PAYG, "confirm", true))
                        .post("/v1/subscriptions/" + ids[0] + "/upgrade-requests")),
                new Attempt("GET upgrade request", (c, ids) -> c.get("/v1/upgrade-requests/" + ids[1])),
                new Attempt("POST cancel", (c, ids) -> c.post("/v1/upgrade-requests/" + ids[1] + "/cancel")));

        for (Attempt attempt : attempts) {
            String[] real = {subscription, request};
            String[] unknown = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
            Response theirs = attempt.call().apply(customer(attacker), real);
            Response nobodys = attempt.call().apply(customer(attacker), unknown);
            assertEquals(404, theirs.statusCode(), attempt.name() + ": " + theirs.asString());
            assertEquals(404, nobodys.statusCode(), attempt.name() + ": " + nobodys.asString());
            assertEquals("not-found", theirs.path("code"), attempt.name());
            String body = theirs.asString();
            assertFalse(body.contains(victim), attempt.name() + " names the owner: " + body);
            // Indistinguishable from an id that does not exist: same body once the ids are blanked.
            assertEquals(blank(nobodys.asString(), unknown), blank(body, real), attempt.name() + " reveals existence");
        }
        // Events filtered by the victim's subscription: an empty page, not their events.
        Response events = customer(attacker)
                .queryParam("subscriptionId", subscription)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertEquals(List.of(), events.path("data"), events.asString());
        // The attacker's own list does not include it, even when asking for the victim's ownerId.
        Function<Response, String> text = Response::asString;
        Response list = customer(attacker).get("/v1/subscriptions?limit=100");
        assertFalse(text.apply(list).contains(subscription));
        Response byOwner = customer(attacker).queryParam("ownerId", victim).get("/v1/subscriptions");
        assertTrue(
                byOwner.statusCode() == 403 || !byOwner.asString().contains(subscription),
                "ownerId of another account: " + byOwner.asString());
        // Customers cannot post usage or grant credit at all (403 before any id is looked at).
        customer(attacker)
                .body(Map.of("eventId", "x", "meterId", Usage.D2S_V3, "quantity", "1"))
                .post("/v1/subscriptions/" + subscription + "/usage")
                .then()
                .statusCode(403);
        customer(attacker)
                .body(Map.of("amount", Map.of("amount", "1000.00", "currency", "USD"), "reason", "x"))
                .post("/v1/subscriptions/" + subscription + "/benefits")
                .then()
                .statusCode(403);

        assertEquals(before, snapshot(victim, subscription, request), "the victim's data changed");
    }

    /** Also blanks the request id, which differs between any two responses. */
    private static String blank(String body, String[] ids) {
        String result = body.replaceAll("\"requestId\":\"[^\"]*\"", "\"requestId\":\"<request-id>\"");
        for (String id : ids) {
            result = result.replace(id, "<id>");
        }
        return result;
    }

    /** Everything the victim can see about the subscription, for a before/after comparison. */
    private static String snapshot(String victim, String subscription, String request) {
        return String.join(
                "\n",
                customer(victim).get("/v1/subscriptions/" + subscription).asString(),
                customer(victim)
                        .get("/v1/subscriptions/" + subscription + "/benefits")
                        .asString(),
                customer(victim)
                        .get("/v1/subscriptions/" + subscription + "/usage")
                        .asString(),
                customer(victim)
                        .get("/v1/subscriptions/" + subscription + "/upgrade-requests")
                        .asString(),
                customer(victim).get("/v1/upgrade-requests/" + request).asString(),
                customer(victim)
                        .queryParam("subscriptionId", subscription)
                        .queryParam("limit", 100)
                        .get("/v1/events")
                        .asString());
    }
}
