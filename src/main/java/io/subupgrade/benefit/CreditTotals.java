package io.subupgrade.benefit;

import io.subupgrade.shared.Money;
import java.math.BigDecimal;

/** What a subscription's credit grants add up to: usable remainder and original total. */
public record CreditTotals(BigDecimal remaining, BigDecimal original, String currency) {

    public Money remainingMoney() {
        return Money.of(remaining, currency);
    }

    public Money originalMoney() {
        return Money.of(original, currency);
    }
}
