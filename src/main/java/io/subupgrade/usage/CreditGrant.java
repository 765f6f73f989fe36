package io.subupgrade.usage;

import java.math.BigDecimal;
import java.util.UUID;

/** A usable credit grant while a batch burns it down; written back once per batch. */
final class CreditGrant {
    final UUID id;
    final UUID subscriptionId;
    final BigDecimal original;
    final String currency;
    BigDecimal remaining;
    boolean changed;

    CreditGrant(UUID id, UUID subscriptionId, BigDecimal original, String currency, BigDecimal remaining) {
        this.id = id;
        this.subscriptionId = subscriptionId;
        this.original = original;
        this.currency = currency;
        this.remaining = remaining;
    }

    boolean exhausted() {
        return remaining.signum() == 0;
    }

    /** Takes what this grant can cover of {@code amount}; returns the part taken. */
    BigDecimal take(BigDecimal amount) {
        BigDecimal taken = amount.min(remaining);
        if (taken.signum() > 0) {
            remaining = remaining.subtract(taken);
            changed = true;
        }
        return taken;
    }
}
