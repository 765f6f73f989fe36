package io.subupgrade.upgrade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Completes one batch of due PENDING upgrade requests. Several instances run it against one
 * database: SKIP LOCKED hands each its own requests, so none is completed twice and nobody waits.
 */
@ApplicationScoped
public class UpgradeFinalizer {
    // Locks the subscription with its request, in the order every writer uses; a subscription
    // busy with usage is skipped this round rather than waited for.
    private static final String CLAIM = "SELECT r.id FROM upgrade_request r"
            + " JOIN subscription s ON s.id = r.subscription_id"
            + " WHERE r.status = 'PENDING' AND r.due_at <= ?1"
            + " ORDER BY r.due_at LIMIT ?2"
            + " FOR UPDATE OF r, s SKIP LOCKED";

    @Inject
    EntityManager em;

    @Inject
    UpgradeCompletion completion;

    /** Claims at most {@code batchSize} due requests and completes them; returns how many were claimed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int finalizeBatch(Instant now, int batchSize) {
        @SuppressWarnings("unchecked")
        List<UUID> claimed = em.createNativeQuery(CLAIM, UUID.class)
                .setParameter(1, now)
                .setParameter(2, batchSize)
                .getResultList();
        UpgradeCompletion.Applied applied = completion.apply(claimed, now);
        completion.writeEvents(applied, now);
        return applied.count();
    }
}
