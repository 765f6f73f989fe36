package io.subupgrade.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.subupgrade.shared.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * The payload of an event: one record per {@link EventType}, the only shape that type has on the
 * wire (openapi.yaml's {@code ...Data} schemas), whichever code path emits it. {@link EventLog}
 * serializes them; nullable fields are written as {@code null}, so every event of a type has the
 * same keys. Money is {@code {amount, currency}} with a decimal string, times are RFC 3339 UTC.
 */
public sealed interface EventData {

    @JsonIgnore
    EventType type();

    record SubscriptionCreated(String offerId, String displayName) implements EventData {
        @Override
        public EventType type() {
            return EventType.SUBSCRIPTION_CREATED;
        }
    }

    record SubscriptionUpdated(String displayName, String previousDisplayName) implements EventData {
        @Override
        public EventType type() {
            return EventType.SUBSCRIPTION_UPDATED;
        }
    }

    /**
     * Usage past the credit, usage after the trial ended, and the trial expiry job all emit this.
     *
     * @param trialEndsAt the subscription's trial end; null when its offer has no term
     */
    record SubscriptionDisabled(DisabledReason disabledReason, Instant trialEndsAt) implements EventData {
        @Override
        public EventType type() {
            return EventType.SUBSCRIPTION_DISABLED;
        }
    }

    /** @param offerId the offer the subscription is on once reactivated (the upgrade's target) */
    record SubscriptionReactivated(String offerId, ReactivationReason reason) implements EventData {
        @Override
        public EventType type() {
            return EventType.SUBSCRIPTION_REACTIVATED;
        }
    }

    /** @param dueAt when the request will take effect as far as known now; null if only running out of credit will tell */
    record UpgradeRequested(UUID upgradeRequestId, String fromOfferId, String targetOfferId, Instant dueAt)
            implements EventData {
        @Override
        public EventType type() {
            return EventType.UPGRADE_REQUESTED;
        }
    }

    record UpgradeCancelled(UUID upgradeRequestId) implements EventData {
        @Override
        public EventType type() {
            return EventType.UPGRADE_CANCELLED;
        }
    }

    record UpgradeCompleted(
            UUID upgradeRequestId,
            String fromOfferId,
            String targetOfferId,
            Instant effectiveAt,
            CompletionReason completionReason)
            implements EventData {
        @Override
        public EventType type() {
            return EventType.UPGRADE_COMPLETED;
        }
    }

    /** @param expiresAt null for credit that does not expire */
    record CreditGranted(UUID benefitId, Money amount, Instant expiresAt, String reason) implements EventData {
        @Override
        public EventType type() {
            return EventType.CREDIT_GRANTED;
        }
    }

    record CreditExhausted(UUID benefitId, Money original) implements EventData {
        @Override
        public EventType type() {
            return EventType.CREDIT_EXHAUSTED;
        }
    }

    /** @param remaining what was left of the grant when it expired (forfeited) */
    record CreditExpired(UUID benefitId, Money remaining, CreditExpiryReason reason) implements EventData {
        @Override
        public EventType type() {
            return EventType.CREDIT_EXPIRED;
        }
    }

    /**
     * A charge made the used share of the subscription's credit rise through {@code thresholdPercent}.
     *
     * @param creditOriginal the original amount of all the subscription's grants
     * @param creditRemaining what is left of its active, unexpired grants after the charge
     */
    record CreditThresholdReached(int thresholdPercent, Money creditOriginal, Money creditRemaining)
            implements EventData {
        @Override
        public EventType type() {
            return EventType.CREDIT_THRESHOLD_REACHED;
        }
    }

    /**
     * The trial ends in {@code markDays} days or less (the job emits only the smallest mark that applies).
     *
     * @param pendingUpgradeRequestId the upgrade waiting to take over at the trial's end; null if none
     */
    record TrialEndingSoon(Instant trialEndsAt, int markDays, UUID pendingUpgradeRequestId) implements EventData {
        @Override
        public EventType type() {
            return EventType.TRIAL_ENDING_SOON;
        }
    }

    /**
     * An endpoint answered 410 Gone and is no longer sent to. Belongs to no subscription: only operators see it.
     */
    record WebhookEndpointDisabled(UUID endpointId, String url, WebhookDisabledReason disabledReason)
            implements EventData {
        @Override
        public EventType type() {
            return EventType.WEBHOOK_ENDPOINT_DISABLED;
        }
    }

    /** A monthly invoice was numbered and frozen; {@code amountDue} is in the currency's minor unit. */
    record InvoiceFinalized(UUID invoiceId, String number, Instant periodStart, Instant periodEnd, Money amountDue)
            implements EventData {
        @Override
        public EventType type() {
            return EventType.INVOICE_FINALIZED;
        }
    }

    /** Why a webhook endpoint is disabled: it answered 410 Gone, or an operator disabled it. */
    enum WebhookDisabledReason {
        GONE,
        MANUAL
    }

    /** Why a subscription became ACTIVE again. */
    enum ReactivationReason {
        UPGRADED
    }

    /** Why a grant expired: its own {@code expiresAt}, the end of the trial, or the upgrade taking effect. */
    enum CreditExpiryReason {
        EXPIRED,
        TRIAL_EXPIRED,
        UPGRADED
    }
}
