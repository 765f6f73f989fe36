package io.subupgrade.benefit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How credit is spent: the service's most important rule, in one place and free of the database (unit-tested in
 * CreditBurnDownTest). A charge takes from the usable grants in {@link CreditGrant#BURN_ORDER}; what they cannot
 * cover is billable when the subscription bills overage (spending limit off, or an upgrade pending, which takes
 * effect the moment the credit runs out), else not charged, and then the spending limit has been reached.
 * Amounts are exact: the cost arrives unrounded (quantity × unit price), and taking never rounds.
 */
public final class CreditBurnDown {
    private CreditBurnDown() {}

    /**
     * How one charge's cost was covered: {@code covered + billable + notCharged = cost}; {@code exhausted} are the
     * grants this charge brought to zero, in burn-down order.
     */
    public record Split(BigDecimal covered, BigDecimal billable, BigDecimal notCharged, List<CreditGrant> exhausted) {}

    /**
     * Burns {@code cost} down over {@code grants} (usable ones only: active, unexpired, in burn order), changing
     * their remainders.
     */
    public static Split charge(List<CreditGrant> grants, BigDecimal cost, boolean billsOverage) {
        BigDecimal covered = BigDecimal.ZERO;
        List<CreditGrant> exhausted = new ArrayList<>(1);
        for (CreditGrant grant : grants) {
            if (covered.compareTo(cost) == 0) {
                break;
            }
            BigDecimal taken = grant.take(cost.subtract(covered));
            covered = covered.add(taken);
            if (taken.signum() > 0 && grant.exhausted()) {
                exhausted.add(grant);
            }
        }
        BigDecimal rest = cost.subtract(covered);
        return billsOverage
                ? new Split(covered, rest, BigDecimal.ZERO, exhausted)
                : new Split(covered, BigDecimal.ZERO, rest, exhausted);
    }

    /**
     * Whether a subscription without overage billing reached its spending limit with this charge: part of it could
     * not be covered, or it had credit and none is left.
     */
    public static boolean limitReached(Split split, List<CreditGrant> grants, boolean billsOverage) {
        if (billsOverage) {
            return false;
        }
        return split.notCharged().signum() > 0
                || (!grants.isEmpty() && grants.stream().allMatch(CreditGrant::exhausted));
    }
}
