package io.subupgrade.subscription;

import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import io.subupgrade.shared.Money;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What a subscription's credit grants add up to: usable remainder and original total. */
public record CreditTotals(BigDecimal remaining, BigDecimal original, String currency) {
    /**
     * The SQL select list over {@code benefit_balance} rows that yields these three values; its one
     * parameter is "now": only active, unexpired grants count towards the usable remainder.
     */
    public static final String SUMS = "sum(CASE WHEN status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > ?)"
            + " THEN remaining_amount ELSE 0 END), sum(original_amount), min(currency)";

    /**
     * The sums of one subscription as a lateral join on the {@code subscription s} row of the caller's query, as
     * the columns {@link Columns#LIST}, read by {@link #of}; its one parameter is "now". The GET of a subscription uses it to read row and sums in one round trip.
     */
    public static final String LATERAL_OF_SUBSCRIPTION = " LEFT JOIN LATERAL (SELECT " + SUMS
            + " FROM benefit_balance WHERE subscription_id = s.id) credit(" + Columns.LIST + ") ON true";

    /** The names {@link #LATERAL_OF_SUBSCRIPTION} gives the sums, for the caller's select list and for {@link #of}. */
    public static final class Columns {
        static final String REMAINING = "credit_remaining";
        static final String ORIGINAL = "credit_original";
        static final String CURRENCY = "credit_currency";
        public static final String LIST = REMAINING + ", " + ORIGINAL + ", " + CURRENCY;

        private Columns() {}
    }

    /** The sums per subscription: parameters "now", then the array of subscription ids. */
    static final String BY_SUBSCRIPTION = "SELECT subscription_id, " + SUMS
            + " FROM benefit_balance WHERE subscription_id = ANY (?) GROUP BY subscription_id";

    /**
     * The one place the sums of a set of subscriptions run and their rows become totals, on the session's
     * connection (in the caller's transaction, if any). Subscriptions that never had a grant are absent from the map.
     */
    public static Map<UUID, CreditTotals> sums(Jdbc jdbc, Collection<UUID> subscriptionIds, Instant now) {
        Map<UUID, CreditTotals> totals = new HashMap<>();
        if (subscriptionIds.isEmpty()) {
            return totals;
        }
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(BY_SUBSCRIPTION)) {
                ps.setObject(1, now.atOffset(ZoneOffset.UTC));
                ArrayOf.UUID.bind(ps, 2, subscriptionIds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        totals.put(
                                rs.getObject(1, UUID.class),
                                new CreditTotals(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getString(4)));
                    }
                }
            }
            return totals;
        });
    }

    /**
     * The totals of a row of a query with {@link #LATERAL_OF_SUBSCRIPTION}; null when the subscription never had a
     * grant (the aggregates over no rows are all null), as {@link #sums} leaves such a subscription out.
     */
    public static CreditTotals of(ResultSet rs) throws SQLException {
        String currency = rs.getString(Columns.CURRENCY);
        return currency == null
                ? null
                : new CreditTotals(rs.getBigDecimal(Columns.REMAINING), rs.getBigDecimal(Columns.ORIGINAL), currency);
    }

    public Money remainingMoney() {
        return Money.of(remaining, currency);
    }

    public Money originalMoney() {
        return Money.of(original, currency);
    }
}
