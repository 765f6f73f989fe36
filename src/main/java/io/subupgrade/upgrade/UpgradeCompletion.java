package io.subupgrade.upgrade;

import io.subupgrade.shared.SessionJdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.jdbc.ReturningWork;

/**
 * Completes upgrade requests with set-based SQL, for one request (created when already due) or a
 * whole claimed batch alike. The caller holds the row locks of the requests and their
 * subscriptions (lock order everywhere: subscription, upgrade_request, benefit_balance), so a
 * batch is all or nothing and no request is completed twice.
 */
@ApplicationScoped
public class UpgradeCompletion {
    /** Which rows one {@link #apply} changed, so that the events can be written afterwards. */
    public record Applied(List<UUID> requests, List<UUID> reactivated, List<UUID> expiredCredit) {
        public int count() {
            return requests.size();
        }
    }

    // All CTEs see the snapshot from before the statement, so "before" still holds the old state.
    // Only the credit granted by the time the upgrade took effect (due_at) is leftover trial credit and expires; a
    // grant made after the credit ran out, while the request waited for the finalizer, stays usable.
    // trial_ends_at is cleared: the new offer has no term (the contract's trialEndsAt is null
    // without one), and usage disables any subscription past trial_ends_at without a pending upgrade.
    private static final String APPLY = "WITH done AS ("
            + "  UPDATE upgrade_request r SET status = 'COMPLETED', completed_at = ?, effective_at = r.due_at,"
            + "    completion_reason = r.due_reason, version = r.version + 1"
            + "  WHERE r.id = ANY (?) AND r.status = 'PENDING'"
            + "  RETURNING r.id, r.subscription_id, r.target_offer_id, r.due_at),"
            + " before AS (SELECT s.id, s.state FROM subscription s JOIN done ON done.subscription_id = s.id),"
            + " moved AS ("
            + "  UPDATE subscription s SET offer_id = done.target_offer_id, spending_limit = o.spending_limit,"
            + "    state = 'ACTIVE', disabled_reason = NULL, pending_upgrade_request_id = NULL, trial_ends_at = NULL,"
            + "    version = s.version + 1"
            + "  FROM done JOIN offer o ON o.id = done.target_offer_id"
            + "  WHERE s.id = done.subscription_id RETURNING s.id),"
            + " expired AS ("
            + "  UPDATE benefit_balance b SET status = 'EXPIRED' FROM done"
            + "  WHERE b.subscription_id = done.subscription_id AND b.status = 'ACTIVE' AND b.granted_at <= done.due_at"
            + "  RETURNING b.id)"
            + " SELECT 'R', id FROM done"
            + " UNION ALL SELECT 'S', id FROM before WHERE state = 'DISABLED'"
            + " UNION ALL SELECT 'B', id FROM expired";

    // One INSERT, ordered per subscription: completed, then reactivated, then each expired grant.
    private static final String EVENTS = "INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
            + " SELECT type, subscription_id, owner_id, ?, data FROM ("
            + "  SELECT 1 AS step, r.subscription_id, s.owner_id, 'upgrade.completed' AS type, jsonb_build_object("
            + "    'upgradeRequestId', r.id, 'fromOfferId', r.from_offer_id, 'targetOfferId', r.target_offer_id,"
            + "    'effectiveAt', " + Sql.rfc3339("r.effective_at")
            + ", 'completionReason', r.completion_reason) AS data"
            + "  FROM upgrade_request r JOIN subscription s ON s.id = r.subscription_id WHERE r.id = ANY (?)"
            + "  UNION ALL"
            + "  SELECT 2, s.id, s.owner_id, 'subscription.reactivated', jsonb_build_object("
            + "    'offerId', s.offer_id, 'reason', 'UPGRADED')"
            + "  FROM subscription s WHERE s.id = ANY (?)"
            + "  UNION ALL"
            + "  SELECT 3, b.subscription_id, s.owner_id, 'credit.expired', jsonb_build_object("
            + "    'benefitId', b.id, 'remaining', " + Sql.money("b.remaining_amount", "b.currency")
            + ", 'reason', 'UPGRADED')"
            + "  FROM benefit_balance b JOIN subscription s ON s.id = b.subscription_id WHERE b.id = ANY (?)"
            + " ) e ORDER BY subscription_id, step";

    @Inject
    EntityManager em;

    /** Completes those of {@code requestIds} still PENDING; write the events with {@link #writeEvents} last. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Applied apply(Collection<UUID> requestIds, Instant now) {
        if (requestIds.isEmpty()) {
            return new Applied(List.of(), List.of(), List.of());
        }
        return jdbc(c -> {
            List<UUID> requests = new ArrayList<>();
            List<UUID> reactivated = new ArrayList<>();
            List<UUID> expired = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(APPLY)) {
                ps.setObject(1, now.atOffset(ZoneOffset.UTC));
                ps.setArray(2, c.createArrayOf("uuid", requestIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(2, UUID.class);
                        switch (rs.getString(1)) {
                            case "R" -> requests.add(id);
                            case "S" -> reactivated.add(id);
                            default -> expired.add(id);
                        }
                    }
                }
            }
            return new Applied(requests, reactivated, expired);
        });
    }

    /** Writes {@code upgrade.completed}, {@code subscription.reactivated} and {@code credit.expired}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void writeEvents(Applied applied, Instant now) {
        if (applied.count() == 0) {
            return;
        }
        jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
                ps.setObject(1, now.atOffset(ZoneOffset.UTC));
                ps.setArray(2, c.createArrayOf("uuid", applied.requests().toArray()));
                ps.setArray(3, c.createArrayOf("uuid", applied.reactivated().toArray()));
                ps.setArray(4, c.createArrayOf("uuid", applied.expiredCredit().toArray()));
                return ps.executeUpdate();
            }
        });
    }

    // Plain JDBC on the transaction's connection: a batch moves hundreds of ids in and out, and
    // Hibernate's native-query layer around them cost more time between statements than the
    // statements themselves took (PostgreSQL's statement log of a finalizer run).
    private <T> T jdbc(ReturningWork<T> work) {
        return SessionJdbc.run(em, work);
    }
}
