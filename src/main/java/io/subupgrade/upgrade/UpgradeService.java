package io.subupgrade.upgrade;

import io.subupgrade.benefit.BenefitService;
import io.subupgrade.event.CompletionReason;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.offer.Offer;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Caller;
import io.subupgrade.shared.Ids;
import io.subupgrade.subscription.CreditTotals;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionService;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
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
        Subscription s = subscriptions.visibleEntity(subscriptionId);
        Offer from = Offer.findById(s.offerId);
        String targetId = targetOfferId != null
                ? existingOffer(targetOfferId).id
                : from.upgradableTo.stream().findFirst().orElse(null);
        List<UpgradePreview.Reason> reasons = UpgradeRules.obstacles(s, from, targetId);
        Instant now = clock.now();
        CreditTotals credit = benefits.totals(s.id);
        CompletionReason dueNow = UpgradeRules.dueNow(s, credit, now);
        boolean eligible = reasons.isEmpty();
        Instant expected = !eligible ? null : dueNow != null ? now : s.trialEndsAt;
        List<UpgradePreview.Change> changes =
                eligible ? UpgradeRules.changes(s, Offer.findById(targetId), dueNow != null) : List.of();
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
        Subscription s = subscriptions.visibleEntity(subscriptionId);
        if (!body.confirmed()) {
            throw new ProblemException(
                    ProblemCode.CONFIRMATION_REQUIRED, "Set \"confirm\" to true to request the upgrade.");
        }
        Offer target = existingOffer(body.targetOfferId());
        // Serializes with usage, the jobs and a second request for the same subscription.
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
        List<UpgradePreview.Reason> reasons = UpgradeRules.obstacles(s, Offer.findById(s.offerId), target.id);
        if (!reasons.isEmpty()) {
            throw new ProblemException(
                    ProblemCode.ofWireName(reasons.get(0).code()),
                    reasons.get(0).message());
        }
        Instant now = clock.now();
        CompletionReason dueNow = UpgradeRules.dueNow(s, benefits.totals(s.id), now);
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
            throw new ProblemException(ProblemCode.UPGRADE_NOT_PENDING, "The upgrade request is " + r.status + ".");
        }
        Instant now = clock.now();
        if (r.dueAt != null && !r.dueAt.isAfter(now)) {
            // Usage since dueAt was billed as Pay-As-You-Go: the upgrade has taken effect already.
            throw new ProblemException(
                    ProblemCode.UPGRADE_NOT_PENDING,
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
        Subscription s = subscriptions.visibleEntity(subscriptionId);
        return KeysetFilter.descending(cursor)
                .and("subscriptionId = :subscription", "subscription", s.id)
                .page((q, p) -> UpgradeRequest.find(q, p), limit, r -> r.id.toString(), UpgradeRequestView::of);
    }

    /** Every subscription's requests (operators), newest first, optionally in one status. */
    public Page<UpgradeRequestView> list(UpgradeRequestStatus status, int limit, String cursor) {
        return KeysetFilter.descending(cursor)
                .and("status = :status", "status", status)
                .page((q, p) -> UpgradeRequest.find(q, p), limit, r -> r.id.toString(), UpgradeRequestView::of);
    }

    private static Offer existingOffer(String offerId) {
        Offer offer = Offer.findById(offerId);
        if (offer == null) {
            throw new ProblemException(ProblemCode.UNKNOWN_OFFER, "Offer '" + offerId + "' does not exist.");
        }
        return offer;
    }

    private static ProblemException alreadyPending() {
        return new ProblemException(ProblemCode.UPGRADE_ALREADY_PENDING, "An upgrade request is already pending.");
    }

    private static EventData.UpgradeRequested requestedData(UpgradeRequest r) {
        return new EventData.UpgradeRequested(r.id, r.fromOfferId, r.targetOfferId, r.dueAt);
    }
}
