package io.subupgrade.upgrade;

import io.subupgrade.event.CompletionReason;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.ops.Metrics;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import io.subupgrade.shared.Money;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Completes upgrade requests with set-based SQL, for one request (created when already due) or a
 * whole claimed batch alike. The caller holds the row locks of the requests and their
 * subscriptions (lock order everywhere: subscription, upgrade_request, benefit_balance), so a
 * batch is all or nothing and no request is completed twice.
 */
@ApplicationScoped
public class UpgradeCompletion {
    /**
     * The requests one {@link #apply} completed and the events that says, in feed order per
     * subscription: {@code upgrade.completed}, {@code subscription.reactivated} (if it was
     * DISABLED), then one {@code credit.expired} per leftover grant.
     */
    public record Applied(List<UUID> requests, List<EventLog.NewEvent> events) {
        public int count() {
            return requests.size();
        }
    }

    // All CTEs see the snapshot from before the statement, so "before" still holds the old state.
    // Only the credit granted by the time the upgrade took effect (due_at) is leftover trial credit and expires; a
    // grant made after the credit ran out, while the request waited for the finalizer, stays usable.
    // trial_ends_at is cleared: the new offer has no term (the contract's trialEndsAt is null
    // without one), and usage disables any subscription past trial_ends_at without a pending upgrade.
    // The rows coming back carry what the events need, so no second read is needed to write them.
    private static final String APPLY = "WITH done AS ("
            + "  UPDATE upgrade_request r SET status = 'COMPLETED', completed_at = ?, effective_at = r.due_at,"
            + "    completion_reason = r.due_reason, version = r.version + 1"
            + "  WHERE r.id = ANY (?) AND r.status = 'PENDING'"
            + "  RETURNING r.id, r.subscription_id, r.from_offer_id, r.target_offer_id, r.effective_at,"
            + "    r.completion_reason, r.due_at),"
            + " before AS (SELECT s.id, s.owner_id, s.state FROM subscription s JOIN done ON done.subscription_id = s.id),"
            + " moved AS ("
            + "  UPDATE subscription s SET offer_id = done.target_offer_id, spending_limit = o.spending_limit,"
            + "    state = 'ACTIVE', disabled_reason = NULL, pending_upgrade_request_id = NULL, trial_ends_at = NULL,"
            + "    version = s.version + 1"
            + "  FROM done JOIN offer o ON o.id = done.target_offer_id"
            + "  WHERE s.id = done.subscription_id RETURNING s.id),"
            + " expired AS ("
            + "  UPDATE benefit_balance b SET status = 'EXPIRED' FROM done"
            + "  WHERE b.subscription_id = done.subscription_id AND b.status = 'ACTIVE' AND b.granted_at <= done.due_at"
            + "  RETURNING b.id, b.subscription_id, b.remaining_amount, b.currency)"
            // step, subscription, owner, id, from offer, target offer, effective at, reason, remaining, currency
            + " SELECT 1 AS step, d.subscription_id, b.owner_id, d.id, d.from_offer_id, d.target_offer_id,"
            + "   d.effective_at, d.completion_reason, NULL::numeric, NULL::varchar"
            + "   FROM done d JOIN before b ON b.id = d.subscription_id"
            + " UNION ALL SELECT 2, b.id, b.owner_id, NULL, NULL, d.target_offer_id, NULL, NULL, NULL, NULL"
            + "   FROM before b JOIN done d ON d.subscription_id = b.id WHERE b.state = 'DISABLED'"
            + " UNION ALL SELECT 3, e.subscription_id, b.owner_id, e.id, NULL, NULL, NULL, NULL,"
            + "   e.remaining_amount, e.currency"
            + "   FROM expired e JOIN before b ON b.id = e.subscription_id"
            + " ORDER BY 2, 1, 4";

    @Inject
    Jdbc jdbc;

    @Inject
    EventLog events;

    @Inject
    Metrics metrics;

    /** Completes those of {@code requestIds} still PENDING; write the events with {@link #writeEvents} last. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Applied apply(Collection<UUID> requestIds, Instant now) {
        if (requestIds.isEmpty()) {
            return new Applied(List.of(), List.of());
        }
        // Plain JDBC on the transaction's connection: a batch moves hundreds of ids in and out, and Hibernate's
        // native-query layer around them cost more time between statements than the statements themselves took
        // (PostgreSQL's statement log of a finalizer run).
        Applied done = jdbc.onSessionConnection(c -> {
            List<UUID> requests = new ArrayList<>();
            List<EventLog.NewEvent> applied = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(APPLY)) {
                ps.setObject(1, now.atOffset(ZoneOffset.UTC));
                ArrayOf.UUID.bind(ps, 2, requestIds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        EventData data = eventData(rs);
                        if (data instanceof EventData.UpgradeCompleted completed) {
                            requests.add(completed.upgradeRequestId());
                        }
                        applied.add(new EventLog.NewEvent(rs.getObject(2, UUID.class), rs.getString(3), now, data));
                    }
                }
            }
            return new Applied(requests, applied);
        });
        metrics.upgradesCompleted(done.count());
        return done;
    }

    /** One row of {@link #APPLY} as the data of its event. */
    private static EventData eventData(ResultSet rs) throws SQLException {
        return switch (rs.getInt(1)) {
            case 1 ->
                new EventData.UpgradeCompleted(
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class).toInstant(),
                        CompletionReason.valueOf(rs.getString(8)));
            case 2 -> new EventData.SubscriptionReactivated(rs.getString(6), EventData.ReactivationReason.UPGRADED);
            default ->
                new EventData.CreditExpired(
                        rs.getObject(4, UUID.class),
                        Money.of(rs.getBigDecimal(9), rs.getString(10)),
                        EventData.CreditExpiryReason.UPGRADED);
        };
    }

    /** Writes {@code upgrade.completed}, {@code subscription.reactivated} and {@code credit.expired}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void writeEvents(Applied applied) {
        if (applied.count() == 0) {
            return;
        }
        events.appendAll(applied.events());
    }
}
