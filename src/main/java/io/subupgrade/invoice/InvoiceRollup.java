package io.subupgrade.invoice;

import io.subupgrade.shared.Ids;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the DRAFT invoices up with usage: called by usage ingestion in its own transaction, it adds a batch's
 * charges to the invoice of each (subscription, period) and to its lines per (meter, unit price), in one statement
 * for the whole batch. The invoice rows are the rollup that invoice reads and the cost summary sum instead of the
 * usage records. The subscriptions are locked by the caller, so no other batch adds to the same invoices meanwhile.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class InvoiceRollup {
    /** One recorded usage as an invoice sees it, with the meter's unit and names for its line. */
    public record Recorded(
            UUID subscriptionId,
            String ownerId,
            String currency,
            Instant recordedAt,
            String unit,
            String nameEn,
            String nameZhTw,
            InvoiceRules.Charge charge) {}

    private record Key(UUID subscriptionId, Instant periodStart) {}

    // Both upserts in one round trip. Conflicts add to what is there; a FINALIZED invoice refuses (V10's triggers).
    private static final String UPSERT = "WITH totals AS (SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::varchar[],"
            + " ?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::numeric[], ?::numeric[], ?::numeric[],"
            + " ?::numeric[]) AS t(id, subscription_id, owner_id, currency, period_start, period_end, subtotal,"
            + " credit_applied, not_charged, total)),"
            + " invoices AS (INSERT INTO invoice AS i (id, subscription_id, owner_id, currency, period_start,"
            + " period_end, status, subtotal, credit_applied, not_charged, total)"
            + " SELECT id, subscription_id, owner_id, currency, period_start, period_end, 'DRAFT', subtotal,"
            + " credit_applied, not_charged, total FROM totals"
            + " ON CONFLICT (subscription_id, period_start) DO UPDATE SET subtotal = i.subtotal + excluded.subtotal,"
            + " credit_applied = i.credit_applied + excluded.credit_applied,"
            + " not_charged = i.not_charged + excluded.not_charged, total = i.total + excluded.total"
            + " RETURNING i.id, i.subscription_id, i.period_start)"
            + " INSERT INTO invoice_line AS l (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw,"
            + " quantity, amount)"
            + " SELECT v.id, invoices.id, v.meter_id, v.unit_price, v.unit, v.name_en, v.name_zh_tw, v.quantity,"
            + " v.amount FROM unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::varchar[], ?::numeric[],"
            + " ?::varchar[], ?::varchar[], ?::varchar[], ?::numeric[], ?::numeric[])"
            + " AS v(id, subscription_id, period_start, meter_id, unit_price, unit, name_en, name_zh_tw, quantity,"
            + " amount)"
            + " JOIN invoices ON invoices.subscription_id = v.subscription_id"
            + " AND invoices.period_start = v.period_start"
            + " ON CONFLICT (invoice_id, meter_id, unit_price) DO UPDATE SET quantity = l.quantity + excluded.quantity,"
            + " amount = l.amount + excluded.amount, unit = excluded.unit, name_en = excluded.name_en,"
            + " name_zh_tw = excluded.name_zh_tw";

    // The element types of UPSERT's arrays: the invoices' ten, then the lines' ten.
    private static final ArrayOf[] INVOICE_TYPES = {
        ArrayOf.UUID,
        ArrayOf.UUID,
        ArrayOf.VARCHAR,
        ArrayOf.VARCHAR,
        ArrayOf.TIMESTAMPTZ,
        ArrayOf.TIMESTAMPTZ,
        ArrayOf.NUMERIC,
        ArrayOf.NUMERIC,
        ArrayOf.NUMERIC,
        ArrayOf.NUMERIC
    };
    private static final ArrayOf[] LINE_TYPES = {
        ArrayOf.UUID,
        ArrayOf.UUID,
        ArrayOf.TIMESTAMPTZ,
        ArrayOf.VARCHAR,
        ArrayOf.NUMERIC,
        ArrayOf.VARCHAR,
        ArrayOf.VARCHAR,
        ArrayOf.VARCHAR,
        ArrayOf.NUMERIC,
        ArrayOf.NUMERIC
    };

    @Inject
    Jdbc jdbc;

    public void add(List<Recorded> recorded) {
        if (recorded.isEmpty()) {
            return;
        }
        Map<Key, List<Recorded>> byInvoice = new LinkedHashMap<>();
        for (Recorded r : recorded) {
            byInvoice
                    .computeIfAbsent(
                            new Key(
                                    r.subscriptionId(),
                                    InvoiceRules.periodOf(r.recordedAt()).start()),
                            k -> new ArrayList<>())
                    .add(r);
        }
        Columns invoices = new Columns(byInvoice.size());
        Columns lines = new Columns(recorded.size());
        byInvoice.forEach((key, rows) -> {
            Recorded first = rows.get(0);
            InvoiceRules.Period period = InvoiceRules.periodOf(first.recordedAt());
            InvoiceRules.Totals totals =
                    InvoiceRules.totals(rows.stream().map(Recorded::charge).toList());
            Timestamp start = Timestamp.from(period.start());
            invoices.add(
                    Ids.at(period.start()),
                    key.subscriptionId(),
                    first.ownerId(),
                    first.currency(),
                    start,
                    Timestamp.from(period.end()),
                    totals.subtotal(),
                    totals.creditApplied(),
                    totals.notCharged(),
                    totals.total());
            // The line keeps the unit and names of the batch's last record of its meter.
            Map<String, Recorded> meterOf = new HashMap<>();
            rows.forEach(r -> meterOf.put(r.charge().meterId(), r));
            for (InvoiceRules.Line line : totals.lines()) {
                Recorded m = meterOf.get(line.meterId());
                lines.add(
                        Ids.newId(),
                        key.subscriptionId(),
                        start,
                        line.meterId(),
                        line.unitPrice(),
                        m.unit(),
                        m.nameEn(),
                        m.nameZhTw(),
                        line.quantity(),
                        line.amount());
            }
        });
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                int p = 1;
                for (int i = 0; i < INVOICE_TYPES.length; i++) {
                    INVOICE_TYPES[i].bind(ps, p++, invoices.column(i));
                }
                for (int i = 0; i < LINE_TYPES.length; i++) {
                    LINE_TYPES[i].bind(ps, p++, lines.column(i));
                }
                return ps.executeUpdate();
            }
        });
    }

    /** Rows collected as the statement's parallel arrays. */
    private static final class Columns {
        private final List<Object[]> rows;

        Columns(int expected) {
            rows = new ArrayList<>(expected);
        }

        void add(Object... row) {
            rows.add(row);
        }

        Object[] column(int i) {
            return rows.stream().map(r -> r[i]).toArray();
        }
    }
}
