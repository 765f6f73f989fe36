package io.subupgrade.upgrade;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The expiry jobs, one batch per call, set-based and SKIP LOCKED like the finalizer: credit grants
 * past {@code expiresAt} become EXPIRED; trials past {@code trialEndsAt} without a pending
 * upgrade become DISABLED (TRIAL_EXPIRED) and lose their credit.
 */
@ApplicationScoped
public class BenefitExpiry {
    /** How many subscriptions a batch disabled and how many grants it expired. */
    public record Expired(int disabled, int credits, int claimed) {}

    private static final String EXPIRE_CREDIT = "WITH due AS ("
            + "  SELECT b.id FROM benefit_balance b JOIN subscription s ON s.id = b.subscription_id"
            + "  WHERE b.status = 'ACTIVE' AND b.expires_at <= ?1"
            + "  ORDER BY b.expires_at LIMIT ?2 FOR UPDATE OF b, s SKIP LOCKED)"
            + " UPDATE benefit_balance b SET status = 'EXPIRED' FROM due WHERE b.id = due.id"
            + " RETURNING b.id";

    // A pending upgrade whose last usable credit just expired is due at that expiry (unless due sooner).
    private static final String DUE_WITHOUT_CREDIT = "UPDATE upgrade_request r"
            + " SET due_at = x.expired_at, due_reason = 'CREDIT_EXHAUSTED', version = r.version + 1"
            + " FROM (SELECT subscription_id, max(expires_at) AS expired_at FROM benefit_balance"
            + "       WHERE id = ANY (?1) GROUP BY subscription_id) x"
            + " WHERE r.subscription_id = x.subscription_id AND r.status = 'PENDING'"
            + " AND (r.due_at IS NULL OR r.due_at > x.expired_at)"
            + " AND NOT EXISTS (SELECT 1 FROM benefit_balance b WHERE b.subscription_id = r.subscription_id"
            + "   AND b.status = 'ACTIVE' AND b.remaining_amount > 0 AND (b.expires_at IS NULL OR b.expires_at > ?2))";

    private static final String DISABLE_TRIALS = "WITH due AS ("
            + "  SELECT s.id FROM subscription s"
            + "  WHERE s.state = 'ACTIVE' AND s.pending_upgrade_request_id IS NULL"
            + "  AND s.trial_ends_at <= ?1"
            + "  ORDER BY s.trial_ends_at LIMIT ?2 FOR UPDATE SKIP LOCKED),"
            + " disabled AS ("
            + "  UPDATE subscription s SET state = 'DISABLED', disabled_reason = 'TRIAL_EXPIRED', version = s.version + 1"
            + "  FROM due WHERE s.id = due.id RETURNING s.id),"
            + " expired AS ("
            + "  UPDATE benefit_balance b SET status = 'EXPIRED' FROM disabled"
            + "  WHERE b.subscription_id = disabled.id AND b.status = 'ACTIVE' RETURNING b.id)"
            + " SELECT 'S', id FROM disabled UNION ALL SELECT 'B', id FROM expired";

    private static final String CREDIT_EXPIRED_EVENTS = "SELECT 2, b.subscription_id, s.owner_id, 'credit.expired',"
            + " jsonb_build_object('benefitId', b.id, 'remaining', " + Sql.money("b.remaining_amount", "b.currency")
            + ", 'reason', CAST(?3 AS text))"
            + " FROM benefit_balance b JOIN subscription s ON s.id = b.subscription_id WHERE b.id = ANY (?2)";

    private static final String DISABLED_EVENTS = "SELECT 1, s.id, s.owner_id, 'subscription.disabled',"
            + " jsonb_build_object('disabledReason', 'TRIAL_EXPIRED', 'trialEndsAt', " + Sql.rfc3339("s.trial_ends_at")
            + ") FROM subscription s WHERE s.id = ANY (?4)";

    private static final String INSERT_EVENTS = "INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
            + " SELECT type, subscription_id, owner_id, ?1, data FROM ("
            + DISABLED_EVENTS + " UNION ALL " + CREDIT_EXPIRED_EVENTS
            + ") AS e (step, subscription_id, owner_id, type, data) ORDER BY subscription_id, step";

    @Inject
    EntityManager em;

    /** Expires one batch of grants past their {@code expiresAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Expired expireCredit(Instant now, int batchSize) {
        @SuppressWarnings("unchecked")
        List<UUID> expired = em.createNativeQuery(EXPIRE_CREDIT, UUID.class)
                .setParameter(1, now)
                .setParameter(2, batchSize)
                .getResultList();
        if (expired.isEmpty()) {
            return new Expired(0, 0, 0);
        }
        UUID[] ids = expired.toArray(new UUID[0]);
        em.createNativeQuery(DUE_WITHOUT_CREDIT)
                .setParameter(1, ids)
                .setParameter(2, now)
                .executeUpdate();
        writeEvents(now, List.of(), expired, "EXPIRED");
        return new Expired(0, expired.size(), expired.size());
    }

    /** Disables one batch of trials that ended without an upgrade, expiring their credit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Expired disableEndedTrials(Instant now, int batchSize) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(DISABLE_TRIALS)
                .setParameter(1, now)
                .setParameter(2, batchSize)
                .getResultList();
        List<UUID> disabled = new ArrayList<>();
        List<UUID> expired = new ArrayList<>();
        for (Object[] row : rows) {
            ("S".equals(row[0].toString()) ? disabled : expired).add((UUID) row[1]);
        }
        writeEvents(now, disabled, expired, "TRIAL_EXPIRED");
        return new Expired(disabled.size(), expired.size(), disabled.size());
    }

    private void writeEvents(Instant now, List<UUID> disabled, List<UUID> expired, String reason) {
        if (disabled.isEmpty() && expired.isEmpty()) {
            return;
        }
        em.createNativeQuery(INSERT_EVENTS)
                .setParameter(1, now)
                .setParameter(2, expired.toArray(new UUID[0]))
                .setParameter(3, reason)
                .setParameter(4, disabled.toArray(new UUID[0]))
                .executeUpdate();
    }
}
