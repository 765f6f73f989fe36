package io.subupgrade.subscription;

import io.subupgrade.event.DisabledReason;
import io.subupgrade.offer.SpendingLimit;
import io.subupgrade.shared.Money;
import java.time.Instant;
import java.util.UUID;

/** The {@code Subscription} schema of openapi.yaml. */
public record SubscriptionView(
        UUID id,
        String ownerId,
        String displayName,
        String offerId,
        SubscriptionState state,
        DisabledReason disabledReason,
        SpendingLimit spendingLimit,
        Instant createdAt,
        Instant trialEndsAt,
        UUID pendingUpgradeRequestId,
        Money creditRemaining,
        Money creditOriginal,
        long version) {

    /** This representation with the subscription's credit totals (none: no credit fields). */
    public SubscriptionView withCredit(CreditTotals credit) {
        return new SubscriptionView(
                id,
                ownerId,
                displayName,
                offerId,
                state,
                disabledReason,
                spendingLimit,
                createdAt,
                trialEndsAt,
                pendingUpgradeRequestId,
                credit == null ? null : credit.remainingMoney(),
                credit == null ? null : credit.originalMoney(),
                version);
    }

    public static SubscriptionView of(Subscription s, CreditTotals credit) {
        return new SubscriptionView(
                        s.id,
                        s.ownerId,
                        s.displayName,
                        s.offerId,
                        s.state,
                        s.disabledReason,
                        s.spendingLimit,
                        s.createdAt,
                        s.trialEndsAt,
                        s.pendingUpgradeRequestId,
                        null,
                        null,
                        s.version)
                .withCredit(credit);
    }
}
