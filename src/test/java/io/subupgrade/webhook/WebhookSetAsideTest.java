package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.webhook.WebhookSteps.deliver;
import static io.subupgrade.webhook.WebhookSteps.deliveries;
import static io.subupgrade.webhook.WebhookSteps.register;
import static io.subupgrade.webhook.WebhookSteps.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.subupgrade.testing.SetAside;
import io.subupgrade.testing.TwoInstances;
import io.subupgrade.testing.WebhookReceiver;
import io.subupgrade.testing.WebhookReceiver.Received;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A delivery whose attempt cannot even be made (its endpoint's stored URL is not a URI, as a bad import or a hand edit
 * leaves it) is set aside; every other delivery of the pass, and of later passes, goes out once.
 */
@QuarkusTest
class WebhookSetAsideTest {
    private static final String BAD_URL = "http://bad host.example/hooks";

    @Inject
    EntityManager em;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void twoPassesAtOnceSetTheUndeliverableOneAsideOnceAndDeliverTheRestOnce() throws Exception {
        try (WebhookReceiver all = new WebhookReceiver();
                WebhookReceiver renames = new WebhookReceiver()) {
            JsonPath good = register(all.url(), List.of("*"));
            all.secrets(good.getString("secret"));
            JsonPath broken = register(renames.url(), List.of("subscription.updated"));
            renames.secrets(broken.getString("secret"));
            String brokenId = broken.getString("id");
            try {
                setUrl(brokenId, BAD_URL);
                List<String> accounts = new ArrayList<>();
                List<String> subscriptions = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    accounts.add(newAccount());
                    subscriptions.add(subscribe(accounts.get(i), IMAGINE));
                }
                // The one delivery to the broken endpoint.
                String renamed = subscriptions.get(3);
                customer(accounts.get(3))
                        .body(Map.of("displayName", "renamed"))
                        .patch("/v1/subscriptions/" + renamed)
                        .then()
                        .statusCode(200);
                String bad = only(deliveries(brokenId, null)).get("id").toString();
                double before = SetAside.counted(metrics, "webhook-delivery");

                int delivered = TwoInstances.run(() -> deliver().getInt("delivered"));

                assertTrue(delivered >= 7, "delivered " + delivered);
                for (String id : subscriptions) {
                    List<Received> got = all.receivedFor(id);
                    assertEquals(id.equals(renamed) ? 2 : 1, got.size(), id);
                    assertEquals(
                            got.size(),
                            got.stream().map(Received::webhookId).distinct().count());
                    assertTrue(got.stream().allMatch(r -> r.verifiedBySecret().equals(List.of(true))));
                }
                assertEquals(List.of(), renames.received());
                Map<String, Object> waiting = only(deliveries(brokenId, null));
                assertEquals("PENDING", waiting.get("status"));
                assertEquals(List.of(), waiting.get("attempts"));
                List<Map<String, Object>> entries = SetAside.entriesFor("webhook-delivery", bad);
                assertEquals(1, entries.size(), entries.toString());
                assertEquals(
                        "IllegalArgumentException: Illegal character in authority at index 7: " + BAD_URL,
                        entries.get(0).get("reason"));
                assertEquals(before + 1, SetAside.counted(metrics, "webhook-delivery"));

                // A later pass delivers what came since and leaves the set-aside one alone.
                String later = subscribe(newAccount(), IMAGINE);
                deliver();
                assertEquals(1, all.receivedFor(later).size());
                assertEquals(List.of(), renames.received());
                assertEquals(before + 1, SetAside.counted(metrics, "webhook-delivery"));

                // The operator corrects the URL and retries: the next pass delivers it, signed with its secret.
                setUrl(brokenId, renames.url());
                SetAside.retry((String) entries.get(0).get("id"));
                deliver();
                List<Received> got = renames.receivedFor(renamed);
                assertEquals(1, got.size());
                assertEquals("msg_" + bad, got.get(0).webhookId());
                assertEquals("subscription.updated", got.get(0).type());
                assertEquals(List.of(true), got.get(0).verifiedBySecret());
                assertEquals("DELIVERED", only(deliveries(brokenId, null)).get("status"));
                assertEquals(List.of(), SetAside.entriesFor("webhook-delivery", bad));
            } finally {
                remove(brokenId);
                remove(good.getString("id"));
            }
        }
    }

    @Test
    void deliveriesWhoseEventIsGoneAreSetAsideAndNoLongerFillEveryClaim() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonPath endpoint = register(receiver.url(), List.of("*"));
            receiver.secrets(endpoint.getString("secret"));
            String endpointId = endpoint.getString("id");
            try {
                // A whole claim's worth (upgrades.webhooks.batch-size=200) of outbox rows without their events, the
                // oldest due, as an import of the outbox without the event table leaves them.
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                                "INSERT INTO webhook_delivery (endpoint_id, event_id, event_type,"
                                        + " status, next_attempt_at) SELECT CAST(?1 AS uuid), -g, 'subscription.created',"
                                        + " 'PENDING', now() - interval '1 day' FROM generate_series(1, 200) g")
                        .setParameter(1, endpointId)
                        .executeUpdate());
                String id = subscribe(newAccount(), IMAGINE);
                double before = SetAside.counted(metrics, "webhook-delivery");

                JsonPath pass = deliver();

                assertEquals(1, receiver.receivedFor(id).size());
                assertEquals(1, pass.getInt("delivered"), pass.prettify());
                assertEquals(before + 200, SetAside.counted(metrics, "webhook-delivery"));
                @SuppressWarnings("unchecked")
                List<String> reasons = em.createNativeQuery("SELECT a.reason FROM job_set_aside a"
                                + " JOIN webhook_delivery d ON d.id = a.row_id"
                                + " WHERE a.job = 'webhook-delivery' AND a.retried_at IS NULL"
                                + " AND d.endpoint_id = CAST(?1 AS uuid) ORDER BY d.event_id DESC")
                        .setParameter(1, endpointId)
                        .getResultList();
                assertEquals(200, reasons.size());
                assertEquals("Event -1 of the delivery no longer exists", reasons.get(0));
                assertEquals(
                        0,
                        ((Number) em.createNativeQuery("SELECT count(*) FROM webhook_delivery"
                                                + " WHERE endpoint_id = CAST(?1 AS uuid) AND leased_until IS NOT NULL")
                                        .setParameter(1, endpointId)
                                        .getSingleResult())
                                .intValue());

                // The next pass claims none of them again.
                String later = subscribe(newAccount(), IMAGINE);
                deliver();
                assertEquals(1, receiver.receivedFor(later).size());
                assertEquals(before + 200, SetAside.counted(metrics, "webhook-delivery"));
            } finally {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE job_set_aside"
                                + " SET retried_at = now(), retried_by = 'test cleanup' WHERE retried_at IS NULL AND"
                                + " row_id IN (SELECT id FROM webhook_delivery WHERE endpoint_id = CAST(?1 AS uuid))")
                        .setParameter(1, endpointId)
                        .executeUpdate());
                remove(endpointId);
            }
        }
    }

    private void setUrl(String endpointId, String url) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("UPDATE webhook_endpoint SET url = ?1 WHERE id = CAST(?2 AS uuid)")
                        .setParameter(1, url)
                        .setParameter(2, endpointId)
                        .executeUpdate());
    }

    private static Map<String, Object> only(List<Map<String, Object>> deliveries) {
        assertEquals(1, deliveries.size(), deliveries.toString());
        return deliveries.get(0);
    }
}
