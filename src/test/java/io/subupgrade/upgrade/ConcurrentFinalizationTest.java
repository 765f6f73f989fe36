package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.testing.TwoInstances;
import io.subupgrade.time.ServiceClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Two finalizers (think: two service instances) share one database and never complete a request twice. */
@QuarkusTest
class ConcurrentFinalizationTest {
    private static final int DUE = 1_000;

    @Inject
    EntityManager em;

    @Inject
    ServiceClock clock;

    @Inject
    UpgradeJobs jobs;

    @Test
    void twoFinalizersCompleteEachDueRequestExactlyOnce() throws Exception {
        String owner = newAccount();
        seedDueRequests(owner, clock.now().minus(1, ChronoUnit.MINUTES));

        int finalized = TwoInstances.run(() -> jobs.finalizeDue());

        assertTrue(finalized >= DUE, "finalized " + finalized);
        assertEquals(
                DUE,
                count(
                        "SELECT count(*) FROM upgrade_request WHERE requested_by = ?1 AND status = 'COMPLETED'"
                                + " AND completion_reason = 'NO_BENEFITS'",
                        owner));
        assertEquals(
                DUE, count("SELECT count(*) FROM event WHERE owner_id = ?1 AND type = 'upgrade.completed'", owner));
        assertEquals(
                DUE,
                count(
                        "SELECT count(*) FROM subscription WHERE owner_id = ?1 AND offer_id = 'MS-AZR-0003P'"
                                + " AND spending_limit = 'OFF' AND pending_upgrade_request_id IS NULL AND version = 1",
                        owner));
    }

    /** 1,000 Imagine subscriptions with a PENDING request each, due a minute ago. */
    private void seedDueRequests(String owner, Instant dueAt) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id,"
                            + " free_trial, state, spending_limit, created_at)"
                            + " SELECT gen_random_uuid(), ?1, 'Seeded ' || g, 'MS-AZR-0144P', 'MS-AZR-0144P',"
                            + " false, 'ACTIVE', 'ON', ?2 FROM generate_series(1, ?3) g")
                    .setParameter(1, owner)
                    .setParameter(2, dueAt)
                    .setParameter(3, DUE)
                    .executeUpdate();
            em.createNativeQuery("INSERT INTO upgrade_request (id, subscription_id, from_offer_id, target_offer_id,"
                            + " status, requested_at, requested_by, due_at, due_reason)"
                            + " SELECT gen_random_uuid(), s.id, s.offer_id, 'MS-AZR-0003P', 'PENDING', ?2, ?1, ?2,"
                            + " 'NO_BENEFITS' FROM subscription s WHERE s.owner_id = ?1")
                    .setParameter(1, owner)
                    .setParameter(2, dueAt)
                    .executeUpdate();
            em.createNativeQuery("UPDATE subscription s SET pending_upgrade_request_id = r.id"
                            + " FROM upgrade_request r WHERE r.subscription_id = s.id AND s.owner_id = ?1")
                    .setParameter(1, owner)
                    .executeUpdate();
        });
    }

    private long count(String sql, String owner) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, owner).getSingleResult()).longValue();
    }
}
