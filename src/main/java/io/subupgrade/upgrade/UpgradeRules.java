package io.subupgrade.upgrade;

import io.subupgrade.event.CompletionReason;
import io.subupgrade.event.DisabledReason;
import io.subupgrade.offer.Offer;
import io.subupgrade.offer.SpendingLimit;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.subscription.CreditTotals;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When an upgrade may be requested, when it becomes due and what it changes: pure rules over a subscription, its
 * offer and its credit totals, without the database (unit-tested in UpgradeRulesTest). A request is due when no
 * benefit is left to use: no usable credit, or the trial has ended; its {@code effectiveAt} is the instant that
 * happened, which the finalizer later copies from {@code due_at}.
 */
final class UpgradeRules {
    private UpgradeRules() {}

    static List<UpgradePreview.Reason> obstacles(Subscription s, Offer from, String targetId) {
        List<UpgradePreview.Reason> reasons = new ArrayList<>();
        if (s.state == SubscriptionState.CANCELLED) {
            reasons.add(
                    new UpgradePreview.Reason(ProblemCode.SUBSCRIPTION_CANCELLED, "The subscription is cancelled."));
        }
        if (targetId == null || !from.canUpgradeTo(targetId)) {
            reasons.add(new UpgradePreview.Reason(
                    ProblemCode.NOT_UPGRADABLE,
                    targetId == null
                            ? "Offer " + from.id + " cannot be upgraded."
                            : "Offer " + from.id + " cannot be upgraded to " + targetId + "."));
        }
        if (s.hasPendingUpgrade()) {
            reasons.add(new UpgradePreview.Reason(
                    ProblemCode.UPGRADE_ALREADY_PENDING,
                    "Upgrade request " + s.pendingUpgradeRequestId + " is already pending."));
        }
        return reasons;
    }

    /** Why an upgrade requested now would complete at once, or null when benefits are left to use. */
    static CompletionReason dueNow(Subscription s, CreditTotals credit, Instant now) {
        if (s.state == SubscriptionState.DISABLED) {
            return s.disabledReason == DisabledReason.TRIAL_EXPIRED
                    ? CompletionReason.TRIAL_ENDED
                    : CompletionReason.CREDIT_EXHAUSTED;
        }
        if (s.trialEndsAt != null && !now.isBefore(s.trialEndsAt)) {
            return CompletionReason.TRIAL_ENDED;
        }
        if (credit == null) {
            return CompletionReason.NO_BENEFITS;
        }
        return credit.remaining().signum() == 0 ? CompletionReason.CREDIT_EXHAUSTED : null;
    }

    static List<UpgradePreview.Change> changes(Subscription s, Offer target, boolean immediately) {
        List<UpgradePreview.Change> changes = new ArrayList<>();
        String when = immediately ? "now." : "once the benefits are used up.";
        changes.add(new UpgradePreview.Change(
                "offerId", s.offerId, target.id, "The subscription moves to " + target.nameEn + " " + when));
        if (s.spendingLimit != target.spendingLimit) {
            changes.add(new UpgradePreview.Change(
                    "spendingLimit",
                    s.spendingLimit.name(),
                    target.spendingLimit.name(),
                    target.spendingLimit == SpendingLimit.OFF
                            ? "The spending limit is removed; usage beyond the credit is billed."
                            : "A spending limit applies."));
        }
        if (s.state == SubscriptionState.DISABLED) {
            changes.add(new UpgradePreview.Change(
                    "state", "DISABLED", "ACTIVE", "The subscription is reactivated at once."));
        }
        return changes;
    }
}
