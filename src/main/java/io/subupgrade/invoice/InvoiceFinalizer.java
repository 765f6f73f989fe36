package io.subupgrade.invoice;

import io.subupgrade.UpgradesConfig;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.job.Job;
import io.subupgrade.job.JobBatches;
import io.subupgrade.ops.Metrics;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import io.subupgrade.shared.Money;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Finalizes one batch of due DRAFT invoices: numbers them, freezes them and emits {@code invoice.finalized}, all in
 * the caller's transaction. Several instances run it against one database: SKIP LOCKED hands each its own invoices,
 * and the one-row number counter, locked until commit, makes the numbers follow commit order without gaps. A crash
 * rolls the whole batch back, numbers included. An invoice that cannot be finalized (a currency that is not ISO 4217,
 * so no amount due) is set aside through {@link JobBatches} and skipped until an operator retries it; it keeps no
 * number.
 */
@ApplicationScoped
public class InvoiceFinalizer implements JobBatches.CountedRows {
    // The partial index invoice_due holds only DRAFT invoices, so the claim reads the due ones, not the table.
    // %s: the condition that picks one invoice, or nothing.
    private static final Jdbc.Template CLAIM = Jdbc.Template.of(
            "SELECT id FROM invoice WHERE status = 'DRAFT' AND period_end <= ? AND"
                    + Job.INVOICE_FINALIZATION.notSetAside("invoice.id")
                    + " %s ORDER BY period_end, id LIMIT ? FOR UPDATE SKIP LOCKED",
            "AND id = ?");
    private static final String NUMBERS = "UPDATE invoice_number SET last_value = last_value + ? RETURNING last_value";
    private static final String FINALIZE = "UPDATE invoice i SET status = 'FINALIZED', finalized_at = ?,"
            + " number_sequence = v.seq FROM unnest(?::uuid[], ?::bigint[]) AS v(id, seq)"
            + " WHERE i.id = v.id AND i.status = 'DRAFT'"
            + " RETURNING i.id, i.subscription_id, i.owner_id, i.period_start, i.period_end, i.total, i.currency, v.seq";

    @Inject
    Jdbc jdbc;

    @Inject
    EventLog events;

    @Inject
    InvoiceFold fold;

    @Inject
    Metrics metrics;

    @Inject
    UpgradesConfig config;

    @Override
    public Job job() {
        return Job.INVOICE_FINALIZATION;
    }

    /**
     * Claims at most {@code batchSize} invoices (or only {@code only}) whose period ended at least the grace
     * ({@code upgrades.invoicing.grace}) before {@code now}; returns how many it finalized.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Integer process(Instant now, int batchSize, UUID only) {
        List<UUID> ids = claim(now, batchSize, only);
        // Usage not folded yet goes into the invoices before they are frozen (they are locked by the claim).
        fold.invoices(ids);
        List<EventLog.NewEvent> finalized = jdbc.onSessionConnection(c -> {
            List<EventLog.NewEvent> done = new ArrayList<>(ids.size());
            if (ids.isEmpty()) {
                return done;
            }
            long last;
            try (PreparedStatement ps = c.prepareStatement(NUMBERS)) {
                ps.setLong(1, ids.size());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
            }
            Long[] sequences = new Long[ids.size()];
            for (int i = 0; i < sequences.length; i++) {
                sequences[i] = last - sequences.length + 1 + i;
            }
            try (PreparedStatement ps = c.prepareStatement(FINALIZE)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ArrayOf.UUID.bind(ps, 2, ids);
                ArrayOf.BIGINT.bind(ps, 3, sequences);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String currency = rs.getString(7);
                        done.add(new EventLog.NewEvent(
                                rs.getObject(2, UUID.class),
                                rs.getString(3),
                                now,
                                new EventData.InvoiceFinalized(
                                        rs.getObject(1, UUID.class),
                                        InvoiceRules.number(rs.getLong(8)),
                                        rs.getTimestamp(4).toInstant(),
                                        rs.getTimestamp(5).toInstant(),
                                        Money.of(InvoiceRules.amountDue(rs.getBigDecimal(6), currency), currency))));
                    }
                }
            }
            if (done.size() != ids.size()) {
                // Claimed rows are locked and were DRAFT under the lock, so this cannot happen; if it did, the
                // numbers handed out would leave a gap: roll back rather than commit one.
                throw new IllegalStateException("Claimed " + ids.size() + " invoices but finalized " + done.size());
            }
            return done;
        });
        events.appendAll(finalized);
        metrics.invoicesFinalized(finalized.size());
        return finalized.size();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> claim(Instant now, int batchSize, UUID only) {
        Timestamp dueBefore = Timestamp.from(now.minus(config.invoicing().grace()));
        return jdbc.onSessionConnection(c -> JobBatches.claimIds(c, CLAIM, dueBefore, only, batchSize));
    }
}
