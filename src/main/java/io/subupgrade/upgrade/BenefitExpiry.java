package io.subupgrade.upgrade;

import io.subupgrade.event.DisabledReason;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.job.Job;
import io.subupgrade.job.JobBatches;
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

    /** One of the two jobs as {@link JobBatches} runs it: a batch, or the row {@code only}. */
    record Rows(Job job, Step<Expired> process, Step<List<UUID>> claim) implements JobBatches.Rows<Expired> {
        @Override
        public Expired process(Instant now, int limit, UUID only) {
            return process.apply(now, limit, only);
        }

        @Override
        public List<UUID> claim(Instant now, int limit, UUID only) {
            return claim.apply(now, limit, only);
        }

        @Override
        public int claimed(Expired result) {
            return result.claimed();
        }

        @Override
        public Expired none() {
            return new Expired(0, 0, 0);
        }

        @Override
        public Expired plus(Expired a, Expired b) {
            return new Expired(a.disabled() + b.disabled(), a.credits() + b.credits(), a.claimed() + b.claimed());
        }
    }

    @FunctionalInterface
    interface Step<T> {
        T apply(Instant now, int limit, UUID only);
    }

    // %s: the condition that picks one row, or nothing. Set-aside rows are skipped (JobBatches).
    private static final String CREDIT_DUE_SQL = "SELECT b.id, s.owner_id FROM benefit_balance b"
            + " JOIN subscription s ON s.id = b.subscription_id"
            + " WHERE b.status = 'ACTIVE' AND b.expires_at <= ? AND" + Job.CREDIT_EXPIRY.notSetAside("b.id")
            + " %s ORDER BY b.expires_at LIMIT ? FOR UPDATE OF b, s SKIP LOCKED";

    // Rows come back with what their events need, in feed order: by subscription, then grant.
    private static final String EXPIRE_CREDIT_SQL = "WITH due AS (" + CREDIT_DUE_SQL + "),"
            + " expired AS ("
            + "  UPDATE benefit_balance b SET status = 'EXPIRED' FROM due WHERE b.id = due.id"
            + "  RETURNING b.subscription_id, due.owner_id, b.id, b.remaining_amount, b.currency)"
            + " SELECT * FROM expired ORDER BY subscription_id, id";

    // A pending upgrade whose last usable credit just expired is due at that expiry (unless due sooner).
    private static final String DUE_WITHOUT_CREDIT = "UPDATE upgrade_request r"
            + " SET due_at = x.expired_at, due_reason = 'CREDIT_EXHAUSTED', version = r.version + 1"
            + " FROM (SELECT subscription_id, max(expires_at) AS expired_at FROM benefit_balance"
            + "       WHERE id = ANY (?) GROUP BY subscription_id) x"
            + " WHERE r.subscription_id = x.subscription_id AND r.status = 'PENDING'"
            + " AND (r.due_at IS NULL OR r.due_at > x.expired_at)"
            + " AND NOT EXISTS (SELECT 1 FROM benefit_balance b WHERE b.subscription_id = r.subscription_id"
            + "   AND b.status = 'ACTIVE' AND b.remaining_amount > 0 AND (b.expires_at IS NULL OR b.expires_at > ?))";

    private static final String TRIALS_DUE_SQL = "SELECT s.id FROM subscription s"
            + " WHERE s.state = 'ACTIVE' AND s.pending_upgrade_request_id IS NULL"
            + " AND s.trial_ends_at <= ? AND" + Job.TRIAL_EXPIRY.notSetAside("s.id")
            + " %s ORDER BY s.trial_ends_at LIMIT ? FOR UPDATE SKIP LOCKED";

    // Rows come back in feed order per subscription: subscription.disabled (step 1), then each expired grant (step 2).
    private static final String DISABLE_TRIALS_SQL = "WITH due AS (" + TRIALS_DUE_SQL + "),"
            + " disabled AS ("
            + "  UPDATE subscription s SET state = 'DISABLED', disabled_reason = 'TRIAL_EXPIRED', version = s.version + 1"
            + "  FROM due WHERE s.id = due.id RETURNING s.id, s.owner_id, s.trial_ends_at),"
            + " expired AS ("
            + "  UPDATE benefit_balance b SET status = 'EXPIRED' FROM disabled"
            + "  WHERE b.subscription_id = disabled.id AND b.status = 'ACTIVE'"
            + "  RETURNING b.subscription_id, disabled.owner_id, b.id, b.remaining_amount, b.currency)"
            // step, subscription, owner, grant, trial end, remaining, currency
            + " SELECT 1 AS step, id, owner_id, NULL::uuid, trial_ends_at, NULL::numeric, NULL::varchar FROM disabled"
            + " UNION ALL SELECT 2, subscription_id, owner_id, id, NULL, remaining_amount, currency FROM expired"
            + " ORDER BY 2, 1, 4";

    // The conditions that pick one row (the %s of the claims).
    private static final String ONE_GRANT = "AND b.id = ?";
    private static final String ONE_TRIAL = "AND s.id = ?";

    // The statements above as they run: each with its one-row condition, or without.
    private static final Jdbc.Template CREDIT_DUE = Jdbc.Template.of(CREDIT_DUE_SQL, ONE_GRANT);
    private static final Jdbc.Template EXPIRE_CREDIT = Jdbc.Template.of(EXPIRE_CREDIT_SQL, ONE_GRANT);
    private static final Jdbc.Template TRIALS_DUE = Jdbc.Template.of(TRIALS_DUE_SQL, ONE_TRIAL);
    private static final Jdbc.Template DISABLE_TRIALS = Jdbc.Template.of(DISABLE_TRIALS_SQL, ONE_TRIAL);

    @Inject
    Jdbc jdbc;

    @Inject
    EventLog events;

    /** Expires one batch of grants past their {@code expiresAt} (or the grant {@code only}, if it is due). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Expired expireCredit(Instant now, int batchSize, UUID only) {
        List<UUID> expired = new ArrayList<>();
        List<EventLog.NewEvent> changes = new ArrayList<>();
        query(EXPIRE_CREDIT, now, batchSize, only, rs -> {
            UUID grantId = rs.getObject(3, UUID.class);
            expired.add(grantId);
            changes.add(new EventLog.NewEvent(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    now,
                    new EventData.CreditExpired(
                            grantId,
                            Money.of(rs.getBigDecimal(4), rs.getString(5)),
                            EventData.CreditExpiryReason.EXPIRED)));
        });
        if (expired.isEmpty()) {
            return new Expired(0, 0, 0);
        }
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(DUE_WITHOUT_CREDIT)) {
                ArrayOf.UUID.bind(ps, 1, expired);
                ps.setObject(2, now.atOffset(ZoneOffset.UTC));
                return ps.executeUpdate();
            }
        });
        writeEvents(changes);
        return new Expired(0, expired.size(), expired.size());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> claimExpiringCredit(Instant now, int batchSize, UUID only) {
        List<UUID> ids = new ArrayList<>();
        query(CREDIT_DUE, now, batchSize, only, rs -> ids.add(rs.getObject(1, UUID.class)));
        return ids;
    }

    /**
     * Disables one batch of trials that ended without an upgrade (or the subscription {@code only}, if it is due),
     * expiring their credit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Expired disableEndedTrials(Instant now, int batchSize, UUID only) {
        int[] counts = new int[2];
        List<EventLog.NewEvent> changes = new ArrayList<>();
        query(DISABLE_TRIALS, now, batchSize, only, rs -> {
            EventData data;
            if (rs.getInt(1) == 1) {
                counts[0]++;
                data = new EventData.SubscriptionDisabled(
                        DisabledReason.TRIAL_EXPIRED,
                        rs.getObject(5, OffsetDateTime.class).toInstant());
            } else {
                counts[1]++;
                data = new EventData.CreditExpired(
                        rs.getObject(4, UUID.class),
                        Money.of(rs.getBigDecimal(6), rs.getString(7)),
                        EventData.CreditExpiryReason.TRIAL_EXPIRED);
            }
            changes.add(new EventLog.NewEvent(rs.getObject(2, UUID.class), rs.getString(3), now, data));
        });
        writeEvents(changes);
        return new Expired(counts[0], counts[1], counts[0]);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> claimEndedTrials(Instant now, int batchSize, UUID only) {
        List<UUID> ids = new ArrayList<>();
        query(TRIALS_DUE, now, batchSize, only, rs -> ids.add(rs.getObject(1, UUID.class)));
        return ids;
    }

    private void writeEvents(List<EventLog.NewEvent> changes) {
        if (changes.isEmpty()) {
            return;
        }
        events.appendAll(changes);
    }

    /**
     * Runs one of the batch statements above ({@code now}, batch size, and the one row {@code only} when not null,
     * picked by the statement's condition) on the transaction's connection.
     */
    private void query(Jdbc.Template sql, Instant now, int batchSize, UUID only, RowHandler rows) {
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.with(only != null))) {
                int p = 1;
                ps.setObject(p++, now.atOffset(ZoneOffset.UTC));
                if (only != null) {
                    ps.setObject(p++, only);
                }
                ps.setInt(p, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.accept(rs);
                    }
                }
            }
            return null;
        });
    }

    @FunctionalInterface
    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }
}
