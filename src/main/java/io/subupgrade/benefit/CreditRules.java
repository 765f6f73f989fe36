package io.subupgrade.benefit;

import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.subscription.Subscription;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Which credit a subscription may receive: pure rules, no database (unit-tested in CreditRulesTest). */
public final class CreditRules {
    private CreditRules() {}

    /**
     * Refuses a grant the subscription could never use. A DISABLED or CANCELLED subscription spends nothing, and a
     * trial past its end without a pending upgrade is disabled the moment it is touched: credit granted to either
     * would only sit there until an upgrade expired it. A subscription whose pending upgrade has already taken
     * effect (its credit ran out or its trial ended, the finalizer has not run yet) does take the grant: the upgrade
     * expires only the credit granted before it took effect, so this grant stays usable on Pay-As-You-Go.
     *
     * @param subscription the subscription, locked by the caller; null if it does not exist
     * @param currency the grant's currency
     */
    public static void checkGrant(Subscription subscription, String currency, Instant now) {
        if (subscription == null) {
            throw ProblemException.notFound("Subscription");
        }
        if (!subscription.isActive()) {
            throw new ProblemException(
                    ProblemCode.SUBSCRIPTION_DISABLED,
                    "Subscription " + subscription.id + " is " + subscription.state
                            + (subscription.disabledReason == null ? "" : " (" + subscription.disabledReason + ")")
                            + " and takes no credit; an upgrade to Pay-As-You-Go reactivates it at once.");
        }
        if (subscription.trialOverWithoutUpgrade(now)) {
            throw new ProblemException(
                    ProblemCode.SUBSCRIPTION_DISABLED,
                    "The trial of subscription " + subscription.id + " ended at " + subscription.trialEndsAt
                            + "; it takes no credit.");
        }
        if (subscription.currency != null && !subscription.currency.equals(currency)) {
            throw currencyMismatch(subscription.currency, currency);
        }
    }

    /**
     * The credit thresholds (percent of credit used, docs/design.md §11) that a change of the usable remainder from
     * {@code remainingBefore} to {@code remainingAfter} crosses upwards, in rising order; none when the remainder
     * grows (a grant re-arms thresholds instead). The used share is {@code 1 - remaining / original}, compared
     * exactly: share >= t % exactly when {@code 100 * remaining <= (100 - t) * original}.
     */
    public static List<Integer> thresholdsCrossed(
            BigDecimal original, BigDecimal remainingBefore, BigDecimal remainingAfter, List<Integer> thresholds) {
        if (original.signum() <= 0) {
            return List.of();
        }
        return thresholds.stream()
                .sorted()
                .filter(t -> !reached(original, remainingBefore, t) && reached(original, remainingAfter, t))
                .toList();
    }

    /**
     * The configured thresholds that {@code credit.threshold_reached} reports: 1 to 99 percent, each once, rising
     * (100 % is {@code credit.exhausted}).
     */
    public static List<Integer> notifiedThresholds(List<Integer> configured) {
        return configured.stream()
                .filter(t -> t > 0 && t < 100)
                .distinct()
                .sorted()
                .toList();
    }

    private static boolean reached(BigDecimal original, BigDecimal remaining, int percent) {
        BigDecimal hundred = BigDecimal.valueOf(100);
        return remaining.multiply(hundred).compareTo(original.multiply(BigDecimal.valueOf(100 - percent))) <= 0;
    }

    /** A subscription's money is in one currency; {@code offered} is not it. */
    public static ProblemException currencyMismatch(String subscriptionCurrency, String offered) {
        return new ProblemException(
                ProblemCode.CURRENCY_MISMATCH,
                "This subscription's money is in " + subscriptionCurrency + ", not " + offered + ".");
    }
}
