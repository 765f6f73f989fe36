package io.subupgrade.upgrade;

import io.subupgrade.benefit.BenefitService;
import io.subupgrade.benefit.CreditTotals;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.offer.Offer;
import io.subupgrade.security.Caller;
import io.subupgrade.shared.Ids;
import io.subupgrade.subscription.DisabledReason;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionService;
import io.subupgrade.subscription.SubscriptionState;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.web.Cursors;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Page;
import io.subupgrade.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/** Previewing, requesting and cancelling upgrades; completion is {@link UpgradeCompletion}'s. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UpgradeService {
    private static final String ONE_PENDING = "upgrade_request_one_pending";

    @Inject
    EntityManager em;

    @Inject
    SubscriptionService subscriptions;

    @Inject
    BenefitService benefits;

    @Inject
    UpgradeCompletion completion;

    @Inject
    EventLog events;

    @Inject
    ServiceClock clock;

    @Inject
    Caller caller;

    /** What upgrading now would do; {@code targetOfferId} null means the offer's first target. */
    public UpgradePreview preview(UUID subscriptionId, String targetOfferId) {
        Subscription s = subscriptions.visible(subscriptionId);
        Offer from = Offer.findById(s.offerId);
        String targetId = targetOfferId != null
                ? existingOffer(targetOfferId).id
                : from.upgradableTo.stream().findFirst().orElse(null);
        List<UpgradePreview.Reason> reasons = obstacles(s, from, targetId);
        Instant now = clock.now();
        CreditTotals credit = benefits.totals(s.id);
        CompletionReason dueNow = dueNow(s, credit, now);
        boolean eligible = reasons.isEmpty();
        Instant expected = !eligible ? null : dueNow != null ? now : s.trialEndsAt;
        List<UpgradePreview.Change> changes =
                eligible ? changes(s, Offer.findById(targetId), dueNow != null) : List.of();
        return new UpgradePreview(
                eligible,
                reasons,
                s.offerId,
                targetId,
                credit == null ? null : credit.remainingMoney(),
                s.trialEndsAt,
                expected,
                eligible && dueNow != null,
                changes);
    }

    /**
     * The owner's confirmed request: PENDING until the benefits run out, or COMPLETED at once when
     * nothing is left to use (a DISABLED subscription is reactivated).
     */
    @Transactional
    public UpgradeRequest request(UUID subscriptionId, CreateUpgradeRequest body) {
        Subscription s = subscriptions.visible(subscriptionId);
        if (!body.confirmed()) {
            throw new ProblemException(422, "confirmation-required", "Set \"confirm\" to true to request the upgrade.");
        }
        Offer target = existingOffer(body.targetOfferId());
        // Serializes with usage, the jobs and a second request for the same subscription.
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
        List<UpgradePreview.Reason> reasons = obstacles(s, Offer.findById(s.offerId), target.id);
        if (!reasons.isEmpty()) {
            throw new ProblemException(
                    409, reasons.get(0).code(), reasons.get(0).message());
        }
        Instant now = clock.now();
        CompletionReason dueNow = dueNow(s, benefits.totals(s.id), now);
        UpgradeRequest r = new UpgradeRequest();
        r.id = Ids.newId();
        r.subscriptionId = s.id;
        r.fromOfferId = s.offerId;
        r.targetOfferId = target.id;
        r.status = UpgradeRequestStatus.PENDING;
        r.requestedAt = now;
        r.requestedBy = caller.accountId();
        r.dueAt = dueNow != null ? now : s.trialEndsAt;
        r.dueReason = dueNow != null ? dueNow : s.trialEndsAt != null ? CompletionReason.TRIAL_ENDED : null;
        try {
            r.persistAndFlush();
        } catch (ConstraintViolationException e) {
            if (ONE_PENDING.equals(e.getConstraintName())) {
                throw alreadyPending();
            }
            throw e;
        }
        if (dueNow == null) {
            s.pendingUpgradeRequestId = r.id;
            em.flush();
            events.append(s.id, s.ownerId, now, requestedData(r));
            return r;
        }
        UpgradeCompletion.Applied applied = completion.apply(List.of(r.id), now);
        events.append(s.id, s.ownerId, now, requestedData(r));
        completion.writeEvents(applied);
        em.refresh(s);
        em.refresh(r);
        return r;
    }

    /** Cancels the owner's PENDING request, unless its benefits already ran out (it is taking effect). */
    @Transactional
    public UpgradeRequest cancel(UUID requestId) {
        UpgradeRequest r = visible(requestId);
        // Lock order as everywhere: the subscription, then its request (re-read under the lock).
        Subscription s = Subscription.findById(r.subscriptionId);
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(r);
        if (r.status != UpgradeRequestStatus.PENDING) {
            throw new ProblemException(409, "upgrade-not-pending", "The upgrade request is " + r.status + ".");
        }
        Instant now = clock.now();
        if (r.dueAt != null && !r.dueAt.isAfter(now)) {
            // Usage since dueAt was billed as Pay-As-You-Go: the upgrade has taken effect already.
            throw new ProblemException(
                    409,
                    "upgrade-not-pending",
                    "The benefits ran out at " + r.dueAt + "; the upgrade is taking effect and cannot be cancelled.");
        }
        r.status = UpgradeRequestStatus.CANCELLED;
        r.cancelledAt = now;
        s.pendingUpgradeRequestId = null;
        em.flush();
        events.append(s.id, s.ownerId, now, new EventData.UpgradeCancelled(r.id));
        return r;
    }

    /** The request if the caller may see its subscription; otherwise "not found". */
    public UpgradeRequest visible(UUID requestId) {
        UpgradeRequest r = UpgradeRequest.findById(requestId);
        if (r != null) {
            Subscription s = Subscription.findById(r.subscriptionId);
            if (caller.canSee(s.ownerId)) {
                return r;
            }
        }
        throw ProblemException.notFound("Upgrade request " + requestId);
    }

    /** A subscription's requests, newest first. */
    public Page<UpgradeRequestView> listFor(UUID subscriptionId, int limit, String cursor) {
        Subscription s = subscriptions.visible(subscriptionId);
        UUID before = Cursors.decodeUuid(cursor);
        List<UpgradeRequest> rows = before == null
                ? UpgradeRequest.find("subscriptionId = ?1 order by id desc", s.id)
                        .page(0, limit + 1)
                        .list()
                : UpgradeRequest.find("subscriptionId = ?1 and id < ?2 order by id desc", s.id, before)
                        .page(0, limit + 1)
                        .list();
        return Page.of(rows, limit, r -> r.id.toString(), UpgradeRequestView::of);
    }

    /** Every subscription's requests (operators), newest first, optionally in one status. */
    public Page<UpgradeRequestView> list(UpgradeRequestStatus status, int limit, String cursor) {
        KeysetFilter filter =
                KeysetFilter.descending(Cursors.decodeUuid(cursor)).and("status = :status", "status", status);
        List<UpgradeRequest> rows = UpgradeRequest.<UpgradeRequest>find(filter.query(), filter.parameters())
                .page(0, limit + 1)
                .list();
        return Page.of(rows, limit, r -> r.id.toString(), UpgradeRequestView::of);
    }

    private List<UpgradePreview.Reason> obstacles(Subscription s, Offer from, String targetId) {
        List<UpgradePreview.Reason> reasons = new ArrayList<>();
        if (s.state == SubscriptionState.CANCELLED) {
            reasons.add(new UpgradePreview.Reason("subscription-cancelled", "The subscription is cancelled."));
        }
        if (targetId == null || !from.canUpgradeTo(targetId)) {
            reasons.add(new UpgradePreview.Reason(
                    "not-upgradable",
                    targetId == null
                            ? "Offer " + from.id + " cannot be upgraded."
                            : "Offer " + from.id + " cannot be upgraded to " + targetId + "."));
        }
        if (s.hasPendingUpgrade()) {
            reasons.add(new UpgradePreview.Reason(
                    "upgrade-already-pending",
                    "Upgrade request " + s.pendingUpgradeRequestId + " is already pending."));
        }
        return reasons;
    }

    /** Why an upgrade requested now would complete at once, or null when benefits are left to use. */
    private static CompletionReason dueNow(Subscription s, CreditTotals credit, Instant now) {
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

    private static List<UpgradePreview.Change> changes(Subscription s, Offer target, boolean immediately) {
        List<UpgradePreview.Change> changes = new ArrayList<>();
        String when = immediately ? "now." : "once the benefits are used up.";
        changes.add(new UpgradePreview.Change(
                "offerId", s.offerId, target.id, "The subscription moves to " + target.nameEn + " " + when));
        if (s.spendingLimit != target.spendingLimit) {
            changes.add(new UpgradePreview.Change(
                    "spendingLimit",
                    s.spendingLimit.name(),
                    target.spendingLimit.name(),
                    "OFF".equals(target.spendingLimit.name())
                            ? "The spending limit is removed; usage beyond the credit is billed."
                            : "A spending limit applies."));
        }
        if (s.state == SubscriptionState.DISABLED) {
            changes.add(new UpgradePreview.Change(
                    "state", "DISABLED", "ACTIVE", "The subscription is reactivated at once."));
        }
        return changes;
    }

    private static Offer existingOffer(String offerId) {
        Offer offer = Offer.findById(offerId);
        if (offer == null) {
            throw new ProblemException(422, "unknown-offer", "Offer '" + offerId + "' does not exist.");
        }
        return offer;
    }

    private static ProblemException alreadyPending() {
        return new ProblemException(409, "upgrade-already-pending", "An upgrade request is already pending.");
    }

    private static EventData.UpgradeRequested requestedData(UpgradeRequest r) {
        return new EventData.UpgradeRequested(r.id, r.fromOfferId, r.targetOfferId, r.dueAt);
    }
}
