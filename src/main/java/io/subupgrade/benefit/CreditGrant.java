package io.subupgrade.benefit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * A usable credit grant (a {@link BenefitBalance} row) while a charge or a batch of them burns it down in memory;
 * the caller writes back the changed ones once. See {@link CreditBurnDown} for the rules.
 */
public final class CreditGrant {
    /** The burn-down order: the soonest-expiring grant first, grants without expiry last, then the oldest. */
    public static final Comparator<CreditGrant> BURN_ORDER = Comparator.comparing(
                    (CreditGrant g) -> g.expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(g -> g.grantedAt)
            .thenComparing(g -> g.id);

    public final UUID id;
    public final BigDecimal original;
    public final String currency;
    public final Instant grantedAt;
    public final Instant expiresAt;
    public BigDecimal remaining;
    /** Whether a charge took from it since it was loaded (it must be written back). */
    public boolean changed;

    public CreditGrant(
            UUID id, BigDecimal original, String currency, Instant grantedAt, Instant expiresAt, BigDecimal remaining) {
        this.id = id;
        this.original = original;
        this.currency = currency;
        this.grantedAt = grantedAt;
        this.expiresAt = expiresAt;
        this.remaining = remaining;
    }

    public boolean exhausted() {
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
