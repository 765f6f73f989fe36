package io.subupgrade.usage;

import io.subupgrade.benefit.CreditGrant;
import io.subupgrade.event.EventData;
import io.subupgrade.invoice.InvoiceRules;
import io.subupgrade.offer.Meter;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import io.subupgrade.shared.Money;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SQL of usage ingestion. Each statement handles a whole batch (arrays + unnest), so a
 * batch of 1,000 records costs a handful of round trips, not thousands.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class UsageWriter {
    private static final String LOCK =
            "SELECT id, owner_id, state, spending_limit, trial_ends_at, pending_upgrade_request_id, currency"
                    + " FROM subscription WHERE id = ANY (?) ORDER BY id FOR UPDATE";

    // Two branches of one round trip, each planned on its own (joined, the grants' window made the planner scan
    // benefit_balance whole): each subscription's last record and whether its invoice of this month exists (a row
    // each, grant columns null), then its usable grants.
    private static final String LAST_RECORDS_AND_USABLE_GRANTS = "SELECT k.id, last.id, NULL::uuid, NULL::numeric,"
            + " NULL::varchar, NULL::numeric, NULL::timestamptz, NULL::timestamptz, NULL::numeric,"
            + " EXISTS (SELECT 1 FROM invoice i WHERE i.subscription_id = k.id AND i.period_start = ?)"
            + " FROM unnest(?::uuid[]) AS k(id) LEFT JOIN LATERAL (SELECT r.id FROM usage_record r"
            + " WHERE r.subscription_id = k.id ORDER BY r.id DESC LIMIT 1) last ON true"
            + " UNION ALL SELECT subscription_id, NULL, id, original_amount, currency, remaining_amount,"
            + " granted_at, expires_at, all_original, NULL FROM (SELECT b.*,"
            + " sum(original_amount) OVER (PARTITION BY subscription_id) AS all_original"
            + " FROM benefit_balance b WHERE subscription_id = ANY (?)) b"
            + " WHERE status = 'ACTIVE' AND remaining_amount > 0"
            + " AND (expires_at IS NULL OR expires_at > ?)";

    private static final String EXISTING = "SELECT r.id, r.subscription_id, r.event_id, r.meter_id,"
            + " r.quantity, r.occurred_at, r.recorded_at, r.unit_price, r.currency, r.cost,"
            + " r.covered_by_credit, r.billable, r.not_charged FROM usage_record r"
            + " JOIN unnest(?::uuid[], ?::varchar[]) AS k(subscription_id, event_id)"
            + " ON r.subscription_id = k.subscription_id AND r.event_id = k.event_id";

    private static final String METERS = "SELECT id, name_en, name_zh_tw, unit, unit_price_amount,"
            + " unit_price_currency, version FROM meter WHERE id = ANY (?)";

    private static final String INSERT = "INSERT INTO usage_record (id, subscription_id, event_id,"
            + " meter_id, quantity, occurred_at, recorded_at, unit_price, currency, cost, covered_by_credit,"
            + " billable, not_charged) SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[],"
            + " ?::numeric[], ?::timestamptz[], ?::timestamptz[], ?::numeric[], ?::varchar[], ?::numeric[],"
            + " ?::numeric[], ?::numeric[], ?::numeric[])";

    private static final String FIX_CURRENCIES = "UPDATE subscription s SET currency = v.currency"
            + " FROM unnest(?::uuid[], ?::varchar[]) AS v(id, currency)"
            + " WHERE s.id = v.id AND s.currency IS NULL";

    private static final String SAVE_GRANTS = "UPDATE benefit_balance b SET remaining_amount = v.remaining,"
            + " status = CASE WHEN v.remaining = 0 THEN 'EXHAUSTED' ELSE b.status END"
            + " FROM unnest(?::uuid[], ?::numeric[]) AS v(id, remaining) WHERE b.id = v.id";

    private static final String DISABLE = "UPDATE subscription s SET state = 'DISABLED',"
            + " disabled_reason = v.reason, version = s.version + 1"
            + " FROM unnest(?::uuid[], ?::varchar[]) AS v(id, reason) WHERE s.id = v.id";

    private static final String EXPIRE_CREDIT = "UPDATE benefit_balance SET status = 'EXPIRED'"
            + " WHERE subscription_id = ANY (?) AND status = 'ACTIVE'"
            + " RETURNING subscription_id, id, remaining_amount, currency";

    @Inject
    Jdbc jdbc;

    /**
     * Locks the subscriptions in id order (so concurrent batches cannot deadlock) and loads their
     * usable credit in burn-down order.
     */
    Map<UUID, ChargedSubscription> lock(Collection<UUID> ids, Instant now) {
        return work(c -> {
            Map<UUID, ChargedSubscription> subscriptions = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(LOCK)) {
                ArrayOf.UUID.bind(ps, 1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp trialEnds = rs.getTimestamp(5);
                        UUID id = rs.getObject(1, UUID.class);
                        subscriptions.put(
                                id,
                                new ChargedSubscription(
                                        id,
                                        rs.getString(2),
                                        "ACTIVE".equals(rs.getString(3)),
                                        "ON".equals(rs.getString(4)),
                                        trialEnds == null ? null : trialEnds.toInstant(),
                                        rs.getObject(6) != null,
                                        rs.getString(7)));
                    }
                }
            }
            if (subscriptions.isEmpty()) {
                return subscriptions;
            }
            // After the lock (so a statement of its own, with a snapshot that sees every batch committed before it):
            // each subscription's last usage record, above which this batch's record ids go (the invoice fold's
            // watermark relies on it, invoice/InvoiceFold), and its usable grants, each row carrying the original of
            // ALL the subscription's grants (the base of the used share that credit thresholds measure).
            // Whether its invoice of this month is open already is read here too: a read waits for no one, where
            // the INSERT ... ON CONFLICT of an existing invoice waited for the fold job's transaction whenever the fold
            // had just given the invoice a new row version (the unique check waits for an in-progress one).
            try (PreparedStatement ps = c.prepareStatement(LAST_RECORDS_AND_USABLE_GRANTS)) {
                ps.setTimestamp(1, Timestamp.from(InvoiceRules.periodOf(now).start()));
                ArrayOf.UUID.bind(ps, 2, subscriptions.keySet());
                ArrayOf.UUID.bind(ps, 3, subscriptions.keySet());
                ps.setTimestamp(4, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ChargedSubscription s = subscriptions.get(rs.getObject(1, UUID.class));
                        if (rs.getObject(3) == null) {
                            s.lastRecordBefore(rs.getObject(2, UUID.class));
                            s.invoiceOpen = rs.getBoolean(10);
                            continue;
                        }
                        s.creditOriginal = rs.getBigDecimal(9);
                        s.grants.add(new CreditGrant(
                                rs.getObject(3, UUID.class),
                                rs.getBigDecimal(4),
                                rs.getString(5),
                                rs.getTimestamp(7).toInstant(),
                                rs.getTimestamp(8) == null
                                        ? null
                                        : rs.getTimestamp(8).toInstant(),
                                rs.getBigDecimal(6)));
                    }
                }
            }
            subscriptions.values().forEach(s -> s.grants.sort(CreditGrant.BURN_ORDER));
            return subscriptions;
        });
    }

    /** Records already stored for these (subscription, event) pairs, keyed by {@link #key}; never managed by Hibernate. */
    Map<String, UsageRecord> existing(List<UUID> subscriptionIds, List<String> eventIds) {
        Map<String, UsageRecord> found = new LinkedHashMap<>();
        if (subscriptionIds.isEmpty()) {
            return found;
        }
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(EXISTING)) {
                ArrayOf.UUID.bind(ps, 1, subscriptionIds);
                ArrayOf.VARCHAR.bind(ps, 2, eventIds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UsageRecord r = usageRecord(rs);
                        found.put(key(r.subscriptionId, r.eventId), r);
                    }
                }
            }
            return found;
        });
    }

    private static UsageRecord usageRecord(ResultSet rs) throws SQLException {
        UsageRecord r = new UsageRecord();
        r.id = rs.getObject(1, UUID.class);
        r.subscriptionId = rs.getObject(2, UUID.class);
        r.eventId = rs.getString(3);
        r.meterId = rs.getString(4);
        r.quantity = rs.getBigDecimal(5);
        r.occurredAt = rs.getTimestamp(6).toInstant();
        r.recordedAt = rs.getTimestamp(7).toInstant();
        r.unitPrice = rs.getBigDecimal(8);
        r.currency = rs.getString(9);
        r.cost = rs.getBigDecimal(10);
        r.coveredByCredit = rs.getBigDecimal(11);
        r.billable = rs.getBigDecimal(12);
        r.notCharged = rs.getBigDecimal(13);
        return r;
    }

    /** The rate-card entries of a batch, by id, as detached rows: usage only reads their price. */
    Map<String, Meter> meters(Collection<String> ids) {
        Map<String, Meter> meters = new HashMap<>();
        if (ids.isEmpty()) {
            return meters;
        }
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(METERS)) {
                ArrayOf.VARCHAR.bind(ps, 1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Meter m = new Meter();
                        m.id = rs.getString(1);
                        m.nameEn = rs.getString(2);
                        m.nameZhTw = rs.getString(3);
                        m.unit = rs.getString(4);
                        m.unitPriceAmount = rs.getBigDecimal(5);
                        m.unitPriceCurrency = rs.getString(6);
                        m.version = rs.getLong(7);
                        meters.put(m.id, m);
                    }
                }
            }
            return meters;
        });
    }

    static String key(UUID subscriptionId, String eventId) {
        return subscriptionId + "/" + eventId;
    }

    void insert(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        int n = records.size();
        Object[] ids = new Object[n], subs = new Object[n], events = new Object[n], meters = new Object[n];
        Object[] quantities = new Object[n], occurred = new Object[n], recorded = new Object[n], prices = new Object[n];
        Object[] currencies = new Object[n], costs = new Object[n], covered = new Object[n], billable = new Object[n];
        Object[] notCharged = new Object[n];
        for (int i = 0; i < n; i++) {
            UsageRecord r = records.get(i);
            ids[i] = r.id;
            subs[i] = r.subscriptionId;
            events[i] = r.eventId;
            meters[i] = r.meterId;
            quantities[i] = r.quantity;
            occurred[i] = Timestamp.from(r.occurredAt);
            recorded[i] = Timestamp.from(r.recordedAt);
            prices[i] = r.unitPrice;
            currencies[i] = r.currency;
            costs[i] = r.cost;
            covered[i] = r.coveredByCredit;
            billable[i] = r.billable;
            notCharged[i] = r.notCharged;
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ArrayOf.UUID.bind(ps, 1, ids);
                ArrayOf.UUID.bind(ps, 2, subs);
                ArrayOf.VARCHAR.bind(ps, 3, events);
                ArrayOf.VARCHAR.bind(ps, 4, meters);
                ArrayOf.NUMERIC.bind(ps, 5, quantities);
                ArrayOf.TIMESTAMPTZ.bind(ps, 6, occurred);
                ArrayOf.TIMESTAMPTZ.bind(ps, 7, recorded);
                ArrayOf.NUMERIC.bind(ps, 8, prices);
                ArrayOf.VARCHAR.bind(ps, 9, currencies);
                ArrayOf.NUMERIC.bind(ps, 10, costs);
                ArrayOf.NUMERIC.bind(ps, 11, covered);
                ArrayOf.NUMERIC.bind(ps, 12, billable);
                ArrayOf.NUMERIC.bind(ps, 13, notCharged);
                return ps.executeUpdate();
            }
        });
    }

    /** Writes the currency that this batch's first usage fixed (before the records that reference it). */
    void fixCurrencies(List<ChargedSubscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return;
        }
        Object[] ids = subscriptions.stream().map(s -> s.id).toArray();
        Object[] currencies = subscriptions.stream().map(s -> s.currency).toArray();
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIX_CURRENCIES)) {
                ArrayOf.UUID.bind(ps, 1, ids);
                ArrayOf.VARCHAR.bind(ps, 2, currencies);
                return ps.executeUpdate();
            }
        });
    }

    /** Writes back each burnt grant once; a grant at zero becomes EXHAUSTED. */
    void saveGrants(List<CreditGrant> grants) {
        if (grants.isEmpty()) {
            return;
        }
        Object[] ids = grants.stream().map(g -> g.id).toArray();
        Object[] remaining = grants.stream().map(g -> g.remaining).toArray(BigDecimal[]::new);
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement(SAVE_GRANTS)) {
                ArrayOf.UUID.bind(ps, 1, ids);
                ArrayOf.NUMERIC.bind(ps, 2, remaining);
                return ps.executeUpdate();
            }
        });
    }

    /** Disables subscriptions, each for its own reason (their credit is {@link #expireCredit}'s). */
    void disable(List<ChargedSubscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return;
        }
        Object[] ids = subscriptions.stream().map(s -> s.id).toArray();
        Object[] reasons = subscriptions.stream().map(s -> s.disabledNow.name()).toArray();
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement(DISABLE)) {
                ArrayOf.UUID.bind(ps, 1, ids);
                ArrayOf.VARCHAR.bind(ps, 2, reasons);
                return ps.executeUpdate();
            }
        });
    }

    /** Expires the still-active credit of these ended trials; returns the expired grants' events by subscription. */
    Map<UUID, List<EventData.CreditExpired>> expireCredit(Collection<UUID> subscriptionIds) {
        Map<UUID, List<EventData.CreditExpired>> expired = new LinkedHashMap<>();
        if (subscriptionIds.isEmpty()) {
            return expired;
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement(EXPIRE_CREDIT)) {
                ArrayOf.UUID.bind(ps, 1, subscriptionIds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expired.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new EventData.CreditExpired(
                                        rs.getObject(2, UUID.class),
                                        Money.of(rs.getBigDecimal(3), rs.getString(4)),
                                        EventData.CreditExpiryReason.TRIAL_EXPIRED));
                    }
                }
            }
            return null;
        });
        return expired;
    }

    private <T> T work(Jdbc.Work<T> work) {
        return jdbc.onSessionConnection(work);
    }
}
