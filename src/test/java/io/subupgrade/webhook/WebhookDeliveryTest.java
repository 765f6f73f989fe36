package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.SandboxClock.advance;
import static io.subupgrade.webhook.WebhookSteps.deliver;
import static io.subupgrade.webhook.WebhookSteps.deliveries;
import static io.subupgrade.webhook.WebhookSteps.delivery;
import static io.subupgrade.webhook.WebhookSteps.endpoint;
import static io.subupgrade.webhook.WebhookSteps.register;
import static io.subupgrade.webhook.WebhookSteps.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.subupgrade.testing.WebhookReceiver;
import io.subupgrade.testing.WebhookReceiver.Answer;
import io.subupgrade.testing.WebhookReceiver.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries to a real receiver on a random port, which verifies the signatures with the Standard Webhooks library
 * and answers as each test scripts it. The scheduler is off in tests: each pass is {@code POST
 * /v1/jobs/webhook-delivery}; retries come due by moving the sandbox clock (test timeout: 2 s).
 */
@QuarkusTest
class WebhookDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookReceiver receiver;
    private String endpointId;
    private String secret;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
        JsonPath e = register(receiver.url(), List.of("*"));
        endpointId = e.getString("id");
        secret = e.getString("secret");
        receiver.secrets(secret);
    }

    @AfterEach
    void cleanUp() {
        remove(endpointId);
        receiver.close();
    }

    @Test
    void deliversTheFeedsEventSignedWithTheSameIdOnEveryAttempt() throws Exception {
        String account = newAccount();
        String id = subscribe(account, IMAGINE);
        JsonPath pass = deliver();
        assertTrue(pass.getInt("delivered") >= 1, pass.prettify());

        List<Received> got = receiver.receivedFor(id);
        assertEquals(1, got.size());
        Received r = got.get(0);
        assertEquals(List.of(true), r.verifiedBySecret());
        assertEquals(1, r.signatureCount());
        assertTrue(Math.abs(Long.parseLong(r.timestamp()) - Instant.now().getEpochSecond()) < 60);

        // The body: {type, timestamp, data} with data the feed's Event resource.
        JsonNode feedEvent = JSON.readTree(customer(account)
                        .queryParam("subscriptionId", id)
                        .get("/v1/events")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .path("data")
                .get(0);
        assertEquals("subscription.created", r.type());
        assertEquals(feedEvent, r.json().path("data"));
        assertEquals(feedEvent.path("occurredAt"), r.json().path("timestamp"));
        assertEquals(Set.of("type", "timestamp", "data"), fieldNames(r.json()));

        Map<String, Object> d = deliveries(endpointId, "DELIVERED").stream()
                .filter(x -> id.equals(x.get("subscriptionId")))
                .findFirst()
                .orElseThrow();
        assertEquals("msg_" + d.get("id"), r.webhookId());
        assertEquals(feedEvent.path("id").asLong(), ((Number) d.get("eventId")).longValue());
        JsonPath one = delivery((String) d.get("id"));
        assertEquals("DELIVERED", one.getString("status"));
        assertEquals(200, one.getInt("attempts[0].statusCode"));
        assertNull(one.get("attempts[0].error"));
        assertNull(one.get("nextAttemptAt"));

        // A replay (manual retry of a delivered one) carries the same webhook-id.
        operator()
                .post("/v1/webhook-deliveries/" + d.get("id") + "/retry")
                .then()
                .statusCode(202)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"));
        deliver();
        List<Received> again = receiver.receivedFor(id);
        assertEquals(2, again.size());
        assertEquals(r.webhookId(), again.get(1).webhookId());
        assertEquals(List.of(true), again.get(1).verifiedBySecret());
        assertEquals(2, delivery((String) d.get("id")).getList("attempts").size());
    }

    @Test
    void a500IsRetriedOnTheScheduleThenDelivered() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(r -> Answer.of(calls.getAndIncrement() == 0 ? 500 : 200));
        String id = subscribe(newAccount(), IMAGINE);
        Instant before = clockNow();
        JsonPath first = deliver();
        assertEquals(1, first.getInt("retried"), first.prettify());

        Map<String, Object> d = only(id);
        assertEquals("PENDING", d.get("status"));
        Instant next = Instant.parse((String) d.get("nextAttemptAt"));
        // The first step of the schedule, 5 s, with up to 10 % jitter.
        assertTrue(
                !next.isBefore(before.plusSeconds(5))
                        && next.isBefore(clockNow().plusMillis(5600)),
                next.toString());
        assertEquals(500, ((Map<?, ?>) ((List<?>) d.get("attempts")).get(0)).get("statusCode"));

        deliver(); // not due yet
        assertEquals(1, receiver.receivedFor(id).size());
        advance(Duration.ofSeconds(6));
        deliver();
        List<Received> got = receiver.receivedFor(id);
        assertEquals(2, got.size());
        assertEquals(got.get(0).webhookId(), got.get(1).webhookId());
        assertEquals("DELIVERED", only(id).get("status"));
    }

    @Test
    void retryAfterOn503IsHonouredWhenLonger() {
        receiver.answer(r -> new Answer(503, Map.of("Retry-After", "120"), 0, 0));
        String id = subscribe(newAccount(), IMAGINE);
        Instant before = clockNow();
        deliver();
        Instant next = Instant.parse((String) only(id).get("nextAttemptAt"));
        assertFalse(next.isBefore(before.plusSeconds(120)), next.toString());
        assertTrue(next.isBefore(clockNow().plusSeconds(121)), next.toString());
    }

    @Test
    void aSlowAnswerTimesOutAndAHugeBodyIsNotRead() {
        String slow = subscribe(newAccount(), IMAGINE);
        String huge = subscribe(newAccount(), IMAGINE);
        receiver.answer(r -> slow.equals(r.subscriptionId())
                ? new Answer(200, Map.of(), 0, 5_000)
                : new Answer(200, Map.of(), 200L * 1024 * 1024, 0));
        deliver();

        Map<?, ?> slowAttempt = (Map<?, ?>) ((List<?>) only(slow).get("attempts")).get(0);
        assertEquals("PENDING", only(slow).get("status"));
        assertNull(slowAttempt.get("statusCode"));
        assertTrue(((String) slowAttempt.get("error")).startsWith("timeout"), slowAttempt.toString());
        long slowMs = ((Number) slowAttempt.get("durationMs")).longValue();
        assertTrue(slowMs >= 1900 && slowMs < 4000, "timed out after " + slowMs + " ms");

        // 200 MB offered: the service reads at most its cap and hangs up, quickly, and counts the 200.
        Map<?, ?> hugeAttempt = (Map<?, ?>) ((List<?>) only(huge).get("attempts")).get(0);
        assertEquals("DELIVERED", only(huge).get("status"));
        assertEquals(200, hugeAttempt.get("statusCode"));
        assertTrue(((Number) hugeAttempt.get("durationMs")).longValue() < 1500, hugeAttempt.toString());
    }

    @Test
    void aRedirectIsNotFollowed() {
        receiver.answer(r -> new Answer(302, Map.of("Location", "http://169.254.169.254/latest/meta-data/"), 0, 0));
        String id = subscribe(newAccount(), IMAGINE);
        deliver();
        assertEquals(1, receiver.receivedFor(id).size());
        Map<?, ?> attempt = (Map<?, ?>) ((List<?>) only(id).get("attempts")).get(0);
        assertEquals(302, attempt.get("statusCode"));
        assertEquals("PENDING", only(id).get("status"));
    }

    @Test
    void goneDisablesTheEndpointAtOnceAndTellsOperatorsInTheFeed() {
        receiver.answer(r -> Answer.of(410));
        String account = newAccount();
        String id = subscribe(account, IMAGINE);
        long feedBefore = lastEventId();
        JsonPath pass = deliver();
        assertEquals(1, pass.getInt("failed"), pass.prettify());
        assertEquals("FAILED", only(id).get("status"));
        assertNull(only(id).get("nextAttemptAt"));

        JsonPath e = endpoint(endpointId);
        assertFalse(e.getBoolean("enabled"));
        assertEquals("GONE", e.getString("disabledReason"));
        assertNull(e.get("secret"));

        List<Map<String, Object>> disabled = operator()
                .queryParam("after", feedBefore)
                .queryParam("type", "webhook.endpoint_disabled")
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
        assertEquals(1, disabled.size());
        assertNull(disabled.get(0).get("subscriptionId"));
        assertEquals(
                Map.of("endpointId", endpointId, "url", receiver.url(), "disabledReason", "GONE"),
                disabled.get(0).get("data"));
        // Customers never see it.
        assertEquals(
                0,
                customer(account)
                        .queryParam("after", feedBefore)
                        .queryParam("type", "webhook.endpoint_disabled")
                        .get("/v1/events")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("data")
                        .size());

        // Disabled: no new deliveries, and a retry is refused.
        customer(account).body(Map.of("displayName", "renamed")).patch("/v1/subscriptions/" + id);
        assertEquals(1, deliveries(endpointId, null).size());
        operator()
                .post("/v1/webhook-deliveries/" + only(id).get("id") + "/retry")
                .then()
                .statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("webhook-endpoint-disabled"));

        // Enabled again, the FAILED delivery can be retried by hand.
        receiver.answer(r -> Answer.of(200));
        operator()
                .body(Map.of("enabled", true))
                .patch("/v1/webhook-endpoints/" + endpointId)
                .then()
                .statusCode(200)
                .body("enabled", org.hamcrest.Matchers.equalTo(true))
                .body("disabledReason", org.hamcrest.Matchers.nullValue());
        operator()
                .post("/v1/webhook-deliveries/" + only(id).get("id") + "/retry")
                .then()
                .statusCode(202);
        deliver();
        assertEquals("DELIVERED", only(id).get("status"));
    }

    @Test
    void theLastStepOfTheScheduleFailsTheDeliveryAndAManualRetryIsOneAttempt() {
        receiver.answer(r -> Answer.of(500));
        String id = subscribe(newAccount(), IMAGINE);
        deliver();
        // 5s, 5m, 30m, 2h, 5h, 10h, 10h: seven retries after the first attempt, then FAILED.
        for (Duration step : List.of(
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                Duration.ofMinutes(30),
                Duration.ofHours(2),
                Duration.ofHours(5),
                Duration.ofHours(10),
                Duration.ofHours(10))) {
            assertEquals("PENDING", only(id).get("status"));
            advance(step.plus(step.dividedBy(10)).plusSeconds(1));
            deliver();
        }
        Map<String, Object> d = only(id);
        assertEquals("FAILED", d.get("status"));
        assertEquals(8, ((List<?>) d.get("attempts")).size());
        assertEquals(8, receiver.receivedFor(id).size());
        assertEquals(
                1,
                deliveries(endpointId, "FAILED").stream()
                        .filter(x -> id.equals(x.get("subscriptionId")))
                        .count());

        // One more attempt by hand; it fails too, and the delivery is FAILED again without a schedule.
        operator()
                .post("/v1/webhook-deliveries/" + d.get("id") + "/retry")
                .then()
                .statusCode(202);
        JsonPath pass = deliver();
        assertEquals(1, pass.getInt("failed"), pass.prettify());
        assertEquals("FAILED", only(id).get("status"));
        assertEquals(9, receiver.receivedFor(id).size());
    }

    @Test
    void oneSubscriptionsDeliveriesWaitForItsEarlierOneOthersDoNot() {
        String a = newAccount();
        String b = newAccount();
        String subA = subscribe(a, IMAGINE);
        rename(a, subA, "A2");
        rename(a, subA, "A3");
        String subB = subscribe(b, IMAGINE);
        AtomicInteger aCalls = new AtomicInteger();
        receiver.answer(r ->
                subA.equals(r.subscriptionId()) && aCalls.getAndIncrement() == 0 ? Answer.of(500) : Answer.of(200));

        deliver();
        // A's first failed; its later two waited; B went through.
        assertEquals(1, receiver.receivedFor(subA).size());
        assertEquals(1, receiver.receivedFor(subB).size());
        assertEquals(3, pending(subA));

        advance(Duration.ofSeconds(6));
        deliver();
        List<Long> order =
                receiver.receivedFor(subA).stream().map(Received::eventId).toList();
        assertEquals(4, order.size());
        assertEquals(order.get(0), order.get(1)); // the retry
        assertTrue(order.get(1) < order.get(2) && order.get(2) < order.get(3), order.toString());
        assertEquals(
                List.of("subscription.created", "subscription.created", "subscription.updated", "subscription.updated"),
                receiver.receivedFor(subA).stream().map(Received::type).toList());
        assertEquals(0, pending(subA));
    }

    @Test
    void twoWorkersAtOnceDeliverEachOnceInOrder() throws Exception {
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String account = newAccount();
            String id = subscribe(account, IMAGINE);
            for (int n = 0; n < 4; n++) {
                rename(account, id, "name " + n);
            }
            subscriptions.add(id);
        }
        // A little latency so both workers' passes overlap.
        receiver.answer(r -> new Answer(200, Map.of(), 0, 20));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<JsonPath>> workers = List.of(WebhookSteps::deliver, WebhookSteps::deliver);
            int delivered = 0;
            for (Future<JsonPath> f : pool.invokeAll(workers)) {
                delivered += f.get().getInt("delivered");
            }
            assertTrue(delivered >= 12 * 5, "delivered " + delivered);
        } finally {
            pool.shutdownNow();
        }
        for (String id : subscriptions) {
            List<Received> got = receiver.receivedFor(id);
            assertEquals(5, got.size(), id);
            assertEquals(5, got.stream().map(Received::webhookId).distinct().count(), "a delivery POSTed twice");
            List<Long> ids = got.stream().map(Received::eventId).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "out of order for " + id);
            assertTrue(got.stream().allMatch(r -> r.verifiedBySecret().equals(List.of(true))));
        }
    }

    @Test
    void aRotatedSecretSignsAlongsideTheNewOneFor24Hours() {
        String rotated = operator()
                .post("/v1/webhook-endpoints/" + endpointId + "/rotate-secret")
                .then()
                .statusCode(200)
                .extract()
                .path("secret");
        assertTrue(rotated.matches("^whsec_[A-Za-z0-9+/]{43}=$"), rotated);
        assertFalse(rotated.equals(secret));
        receiver.secrets(secret, rotated);

        String first = subscribe(newAccount(), IMAGINE);
        deliver();
        Received r = receiver.receivedFor(first).get(0);
        assertEquals(2, r.signatureCount());
        // Each secret alone verifies the message: a receiver holding either one accepts it.
        assertEquals(List.of(true, true), r.verifiedBySecret());

        advance(Duration.ofHours(25));
        String later = subscribe(newAccount(), IMAGINE);
        deliver();
        Received after = receiver.receivedFor(later).get(0);
        assertEquals(1, after.signatureCount());
        assertEquals(List.of(false, true), after.verifiedBySecret());
    }

    @Test
    void aSecondRotationDoesNotCutTheFirstRotatedSecretShort() {
        String second = rotate();
        advance(Duration.ofHours(2));
        String third = rotate();
        receiver.secrets(secret, second, third);

        // Both rotated-out secrets are within their 24 h: three signatures, each verified by its own secret.
        String before = subscribe(newAccount(), IMAGINE);
        deliver();
        Received all = receiver.receivedFor(before).get(0);
        assertEquals(3, all.signatureCount());
        assertEquals(List.of(true, true, true), all.verifiedBySecret());

        // 23 h after the second rotation, 25 h after the first: the first secret's 24 h are over, the second's not.
        advance(Duration.ofHours(23));
        String between = subscribe(newAccount(), IMAGINE);
        deliver();
        Received two = receiver.receivedFor(between).get(0);
        assertEquals(2, two.signatureCount());
        assertEquals(List.of(false, true, true), two.verifiedBySecret());

        advance(Duration.ofHours(2));
        String after = subscribe(newAccount(), IMAGINE);
        deliver();
        Received one = receiver.receivedFor(after).get(0);
        assertEquals(1, one.signatureCount());
        assertEquals(List.of(false, false, true), one.verifiedBySecret());
    }

    private String rotate() {
        return operator()
                .post("/v1/webhook-endpoints/" + endpointId + "/rotate-secret")
                .then()
                .statusCode(200)
                .extract()
                .path("secret");
    }

    @Test
    void onlyTheSubscribedTypesAreDelivered() throws Exception {
        try (WebhookReceiver picky = new WebhookReceiver()) {
            JsonPath e = register(picky.url(), List.of("subscription.updated"));
            picky.secrets(e.getString("secret"));
            try {
                String account = newAccount();
                String id = subscribe(account, IMAGINE);
                rename(account, id, "renamed");
                deliver();
                assertEquals(
                        List.of("subscription.updated"),
                        picky.receivedFor(id).stream().map(Received::type).toList());
                assertEquals(2, receiver.receivedFor(id).size()); // the "*" endpoint got both
            } finally {
                remove(e.getString("id"));
            }
        }
    }

    private Map<String, Object> only(String subscriptionId) {
        List<Map<String, Object>> mine = deliveries(endpointId, null).stream()
                .filter(d -> subscriptionId.equals(d.get("subscriptionId")))
                .toList();
        assertEquals(1, mine.size(), mine.toString());
        return mine.get(0);
    }

    private long pending(String subscriptionId) {
        return deliveries(endpointId, "PENDING").stream()
                .filter(d -> subscriptionId.equals(d.get("subscriptionId")))
                .count();
    }

    private static void rename(String account, String id, String name) {
        customer(account)
                .body(Map.of("displayName", name))
                .patch("/v1/subscriptions/" + id)
                .then()
                .statusCode(200);
    }

    private static Instant clockNow() {
        return Instant.parse(operator()
                .get("/v1/sandbox/clock")
                .then()
                .statusCode(200)
                .extract()
                .path("now"));
    }

    private static long lastEventId() {
        long after = 0;
        while (true) {
            List<Map<String, Object>> page = operator()
                    .queryParam("after", after)
                    .queryParam("limit", 100)
                    .get("/v1/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("data");
            if (page.isEmpty()) {
                return after;
            }
            after = ((Number) page.get(page.size() - 1).get("id")).longValue();
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
