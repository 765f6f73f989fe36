package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.webhook.WebhookSteps.register;
import static io.subupgrade.webhook.WebhookSteps.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.webhook.DeliveryStore.Claimed;
import io.subupgrade.webhook.DeliveryStore.Recorded;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker whose lease ran out (it stalled past every deadline) and whose delivery another worker claimed again
 * cannot overwrite the newer claim's outcome when it finally records its own.
 */
@QuarkusTest
class DeliveryLeaseTest {
    @Inject
    DeliveryStore store;

    @Test
    void anOutcomeUnderALostLeaseIsDropped() {
        // Port 9 (discard): nothing is POSTed here, the test drives the store itself.
        String endpointId = register("http://127.0.0.1:9/hooks", List.of("subscription.created"))
                .getString("id");
        try {
            String subscriptionId = subscribe(newAccount(), IMAGINE);
            Instant now = Instant.now().plusSeconds(60);
            Claimed first = claimOurs(now, now.plusSeconds(10), subscriptionId);
            // Still leased: no one else gets it.
            assertTrue(
                    claim(now.plusSeconds(5), now.plusSeconds(15)).stream().noneMatch(c -> c.id().equals(first.id())));
            // The lease ran out; a second worker claims it.
            Claimed second = claimOurs(now.plusSeconds(11), now.plusSeconds(30), subscriptionId);
            assertEquals(first.id(), second.id());

            record(first, DeliveryStatus.FAILED); // the stalled worker, late
            WebhookDeliveryView after = store.find(first.id()).orElseThrow();
            assertEquals(DeliveryStatus.PENDING, after.status());
            assertEquals(0, after.attempts().size());

            record(second, DeliveryStatus.DELIVERED);
            WebhookDeliveryView done = store.find(first.id()).orElseThrow();
            assertEquals(DeliveryStatus.DELIVERED, done.status());
            assertEquals(1, done.attempts().size());
        } finally {
            remove(endpointId);
        }
    }

    private Claimed claimOurs(Instant now, Instant leaseUntil, String subscriptionId) {
        return claim(now, leaseUntil).stream()
                .filter(c -> UUID.fromString(subscriptionId).equals(c.subscriptionId()))
                .findFirst()
                .orElseThrow();
    }

    private List<Claimed> claim(Instant now, Instant leaseUntil) {
        return QuarkusTransaction.requiringNew().call(() -> store.claim(now, leaseUntil, 1000));
    }

    private void record(Claimed c, DeliveryStatus status) {
        Instant at = Instant.now();
        QuarkusTransaction.requiringNew()
                .run(() -> store.record(List.of(new Recorded(
                        c.id(),
                        c.leasedUntil(),
                        status,
                        status == DeliveryStatus.PENDING ? at : null,
                        0,
                        status == DeliveryStatus.DELIVERED ? at : null,
                        new DeliveryAttempt(at, status == DeliveryStatus.DELIVERED ? 200 : 500, 1, null)))));
    }
}
