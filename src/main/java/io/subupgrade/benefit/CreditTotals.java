package io.subupgrade.benefit;

import io.subupgrade.shared.Money;
import java.math.BigDecimal;

/** What a subscription's credit grants add up to: usable remainder and original total. */
public record CreditTotals(BigDecimal remaining, BigDecimal original, String currency) {
    /**
     * The SQL select list over {@code benefit_balance} rows that yields these three values; its one
     * parameter is "now": only active, unexpired grants count towards the usable remainder.
     */
    public static final String SUMS = "sum(CASE WHEN status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > ?)"
            + " THEN remaining_amount ELSE 0 END), sum(original_amount), min(currency)";

    public Money remainingMoney() {
        return Money.of(remaining, currency);
    }

    public Money originalMoney() {
        return Money.of(original, currency);
    }
}
