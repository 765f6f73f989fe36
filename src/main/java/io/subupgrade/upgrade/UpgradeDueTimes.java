package io.subupgrade.upgrade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * Moves a pending upgrade's due time when the credit runs out, so the finalizer finds it through
 * its partial index and completes it with {@code effectiveAt} = the instant the credit hit zero.
 */
@ApplicationScoped
public class UpgradeDueTimes {
    @Inject
    EntityManager em;

    /** The credit of these subscriptions reached zero at {@code at}; returns how many requests became due. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int creditRanOut(Collection<UUID> subscriptionIds, Instant at) {
        if (subscriptionIds.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("UPDATE upgrade_request SET due_at = ?1, due_reason = 'CREDIT_EXHAUSTED'"
                        + " WHERE subscription_id = ANY (?2) AND status = 'PENDING'"
                        + " AND (due_at IS NULL OR due_at > ?1)")
                .setParameter(1, at)
                .setParameter(2, subscriptionIds.toArray(new UUID[0]))
                .executeUpdate();
    }
}
