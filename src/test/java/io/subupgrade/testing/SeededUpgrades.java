package io.subupgrade.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/** Due upgrade requests written straight into the database, as many as a job test needs, in one transaction. */
public final class SeededUpgrades {
    private SeededUpgrades() {}

    /** {@code count} Imagine subscriptions of {@code owner}, each with a PENDING upgrade request due at {@code dueAt}. */
    public static void dueRequests(EntityManager em, String owner, Instant dueAt, int count) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id,"
                            + " free_trial, state, spending_limit, created_at)"
                            + " SELECT gen_random_uuid(), ?1, 'Seeded ' || g, 'MS-AZR-0144P', 'MS-AZR-0144P',"
                            + " false, 'ACTIVE', 'ON', ?2 FROM generate_series(1, ?3) g")
                    .setParameter(1, owner)
                    .setParameter(2, dueAt)
                    .setParameter(3, count)
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
}
