package io.subupgrade.invoice;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.subupgrade.shared.AfterCommit;
import io.subupgrade.shared.Ids;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the DRAFT invoices up with usage without touching them in the charge's transaction (issue 30: the rollup
 * there, two upserts and a guard trigger per subscription of every batch, made ingestion five times slower).
 *
 * <p>The charge only opens the period's invoice when it does not exist yet ({@link #open}: it reads whether it
 * does, a read that waits for no fold); the invoice row and its
 * lines hold the usage records up to the invoice's {@code folded_through} watermark (migration V18), the records
 * above it are the unfolded tail. Folding adds a tail to the invoice and its lines and moves the watermark, in one
 * transaction, many batches at once: the job ({@link #pending}, every {@code upgrades.invoicing.fold-every}) folds the
 * subscriptions this instance charged, every invoice read folds its subscription's tail first ({@link #now}), and
 * finalization folds the invoices it claimed before it freezes them. So a read shows folded rollup + tail, exact at
 * every instant, and a finalized invoice holds all its usage.
 *
 * <p>Exact because a subscription's record ids grow in commit order (the charge locks the subscription and gives its
 * records ids above the last one, usage/UsageService): no record commits below a watermark later. Concurrent folds of
 * one invoice are serialized by its row lock, and each reads the watermark under that lock.
 */
@ApplicationScoped
public class InvoiceFold {
    /** A DRAFT invoice a charge needs: its subscription's period and the watermark a new one starts from. */
    public record Opened(UUID subscriptionId, String ownerId, String currency, Instant at, UUID lastRecordBefore) {}

    /** No record id is below it: the watermark of an invoice whose subscription had no usage before. */
    private static final UUID NONE = new UUID(0, 0);

    // A new invoice holds nothing yet: its watermark is the subscription's last record before the charge, all of whose
    // records belong to earlier periods (an invoice exists from the first record of its period on).
    private static final String OPEN = "INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start,"
            + " period_end, status, subtotal, credit_applied, not_charged, total, folded_through)"
            + " SELECT id, subscription_id, owner_id, currency, period_start, period_end, 'DRAFT', 0, 0, 0, 0, folded"
            + " FROM unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::timestamptz[],"
            + " ?::uuid[]) AS v(id, subscription_id, owner_id, currency, period_start, period_end, folded)"
            + " ON CONFLICT (subscription_id, period_start) DO NOTHING";

    // A read's fold waits for the invoices' locks; the job skips an invoice locked (it is being folded or finalized).
    private static final String LOCK =
            "SELECT id FROM invoice WHERE subscription_id = ANY (?) AND status = 'DRAFT' ORDER BY id FOR UPDATE";
    private static final String LOCK_SKIP_LOCKED = LOCK + " SKIP LOCKED";

    // A read's check, without a lock: has any DRAFT invoice of the subscription a tail?
    private static final String HAS_TAIL = "SELECT EXISTS (SELECT 1 FROM invoice i WHERE i.subscription_id = ?"
            + " AND i.status = 'DRAFT' AND EXISTS (SELECT 1 FROM usage_record r"
            + " WHERE r.subscription_id = i.subscription_id AND r.id > i.folded_through"
            + " AND r.recorded_at >= i.period_start AND r.recorded_at < i.period_end))";

    // The tails of the given (locked) DRAFT invoices, added to the invoice and its lines per (meter, unit price) in
    // one statement (heads, a data-modifying WITH, runs whether read or not). Every DRAFT invoice of a subscription
    // with a tail moves its watermark up to the last record folded (never down: this month's may be above last
    // month's tail), including one that got none of them (last month's, in its grace period or set aside): it holds
    // every record of its period up to there, and its next probe starts there, not at the newer months' records. Lines
    // take the meter's unit and names as they
    // are now. Conflicts add to what is there; a FINALIZED invoice refuses (V10's and V12's triggers).
    private static final String FOLD = "WITH q AS (SELECT id, subscription_id, period_start, period_end, folded_through"
            + " FROM invoice WHERE id = ANY (?) AND status = 'DRAFT'),"
            + " t AS (SELECT q.id AS invoice_id, r.id, r.meter_id, r.unit_price, r.quantity, r.cost,"
            + " r.covered_by_credit, r.not_charged, r.billable FROM q JOIN usage_record r"
            + " ON r.subscription_id = q.subscription_id AND r.id > q.folded_through"
            + " AND r.recorded_at >= q.period_start AND r.recorded_at < q.period_end),"
            + " last AS (SELECT q.subscription_id, (array_agg(t.id ORDER BY t.id DESC))[1] AS id"
            + " FROM t JOIN q ON q.id = t.invoice_id GROUP BY 1),"
            + " sums AS (SELECT invoice_id, sum(cost) AS cost, sum(covered_by_credit) AS covered,"
            + " sum(not_charged) AS not_charged, sum(billable) AS billable FROM t GROUP BY invoice_id),"
            + " heads AS (UPDATE invoice i SET subtotal = i.subtotal + coalesce(h.cost, 0),"
            + " credit_applied = i.credit_applied + coalesce(h.covered, 0),"
            + " not_charged = i.not_charged + coalesce(h.not_charged, 0),"
            + " total = i.total + coalesce(h.billable, 0),"
            + " folded_through = greatest(i.folded_through, last.id)"
            + " FROM q JOIN last ON last.subscription_id = q.subscription_id"
            + " LEFT JOIN sums h ON h.invoice_id = q.id WHERE i.id = q.id RETURNING i.id)"
            + " INSERT INTO invoice_line AS l (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw,"
            + " quantity, amount)"
            + " SELECT gen_random_uuid(), s.invoice_id, s.meter_id, s.unit_price, m.unit, m.name_en, m.name_zh_tw,"
            + " s.quantity, s.amount FROM (SELECT invoice_id, meter_id, unit_price, sum(quantity) AS quantity,"
            + " sum(cost) AS amount FROM t GROUP BY 1, 2, 3) s JOIN meter m ON m.id = s.meter_id"
            + " ON CONFLICT (invoice_id, meter_id, unit_price) DO UPDATE SET quantity = l.quantity + excluded.quantity,"
            + " amount = l.amount + excluded.amount, unit = excluded.unit, name_en = excluded.name_en,"
            + " name_zh_tw = excluded.name_zh_tw";

    /** Subscriptions per fold transaction of the job. */
    private static final int CHUNK = 1_000;

    /**
     * At most this many hints are kept (a few MB of the 80 MB heap): with the job off or behind, the others are folded
     * by their next read or finalization, which fold whatever the job did not.
     */
    private static final int MAX_HINTS = 50_000;

    @Inject
    Jdbc jdbc;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Subscriptions this instance charged whose tails the job has not folded yet (a hint: reads fold anyway). */
    private final Set<UUID> charged = ConcurrentHashMap.newKeySet();

    /**
     * In the charge's transaction: opens the DRAFT invoices the caller found missing (one statement; {@code ON
     * CONFLICT DO NOTHING} for a concurrent opener) and, once committed, hands the charged subscriptions to the job.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(List<Opened> opened, Collection<UUID> chargedSubscriptions) {
        if (!chargedSubscriptions.isEmpty()) {
            List<UUID> hint = List.copyOf(chargedSubscriptions);
            AfterCommit.run(transactions, () -> {
                if (charged.size() < MAX_HINTS) {
                    charged.addAll(hint);
                }
            });
        }
        if (opened.isEmpty()) {
            return;
        }
        int n = opened.size();
        Object[] ids = new Object[n], subs = new Object[n], owners = new Object[n], currencies = new Object[n];
        Object[] starts = new Object[n], ends = new Object[n], folded = new Object[n];
        for (int i = 0; i < n; i++) {
            Opened o = opened.get(i);
            InvoiceRules.Period period = InvoiceRules.periodOf(o.at());
            ids[i] = Ids.at(period.start());
            subs[i] = o.subscriptionId();
            owners[i] = o.ownerId();
            currencies[i] = o.currency();
            starts[i] = Timestamp.from(period.start());
            ends[i] = Timestamp.from(period.end());
            folded[i] = o.lastRecordBefore() == null ? NONE : o.lastRecordBefore();
        }
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(OPEN)) {
                ArrayOf.UUID.bind(ps, 1, ids);
                ArrayOf.UUID.bind(ps, 2, subs);
                ArrayOf.VARCHAR.bind(ps, 3, owners);
                ArrayOf.VARCHAR.bind(ps, 4, currencies);
                ArrayOf.TIMESTAMPTZ.bind(ps, 5, starts);
                ArrayOf.TIMESTAMPTZ.bind(ps, 6, ends);
                ArrayOf.UUID.bind(ps, 7, folded);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Folds the tails of the subscriptions this instance charged since the last run, a transaction per chunk;
     * returns how many subscriptions it handled. An invoice locked by another fold or a finalization is skipped:
     * that one folds it.
     */
    public int pending() {
        int handled = 0;
        while (!charged.isEmpty()) {
            List<UUID> chunk = new ArrayList<>(CHUNK);
            Iterator<UUID> it = charged.iterator();
            while (it.hasNext() && chunk.size() < CHUNK) {
                chunk.add(it.next());
                it.remove();
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> foldSubscriptions(chunk, LOCK_SKIP_LOCKED));
            } catch (RuntimeException e) {
                charged.addAll(chunk); // the next run tries again; reads and finalization fold them meanwhile
                throw e;
            }
            handled += chunk.size();
        }
        return handled;
    }

    /**
     * Before a read of a subscription's invoices: folds its tail, in a transaction of its own, when it has one (a
     * read of an invoice that is up to date writes nothing).
     */
    public void now(UUID subscriptionId) {
        boolean tail = QuarkusTransaction.requiringNew()
                .call(() -> jdbc.onSessionConnection(c -> {
                    try (PreparedStatement ps = c.prepareStatement(HAS_TAIL)) {
                        ps.setObject(1, subscriptionId);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getBoolean(1);
                        }
                    }
                }));
        if (tail) {
            QuarkusTransaction.requiringNew().run(() -> foldSubscriptions(List.of(subscriptionId), LOCK));
        }
    }

    /** Folds the tails of these DRAFT invoices, which the caller's transaction has locked (finalization). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void invoices(Collection<UUID> invoiceIds) {
        if (!invoiceIds.isEmpty()) {
            fold(invoiceIds);
        }
    }

    /** Locks the DRAFT invoices of these subscriptions with {@code lockSql} ({@link #LOCK} or its SKIP LOCKED) and folds them. */
    private void foldSubscriptions(Collection<UUID> subscriptionIds, String lockSql) {
        List<UUID> invoices = jdbc.onSessionConnection(c -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(lockSql)) {
                ArrayOf.UUID.bind(ps, 1, subscriptionIds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
        if (!invoices.isEmpty()) {
            fold(invoices);
        }
    }

    private void fold(Collection<UUID> invoiceIds) {
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(FOLD)) {
                ArrayOf.UUID.bind(ps, 1, invoiceIds);
                return ps.executeUpdate();
            }
        });
    }
}
