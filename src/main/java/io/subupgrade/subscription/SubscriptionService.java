package io.subupgrade.subscription;

import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.offer.Offer;
import io.subupgrade.offer.OfferCategory;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Caller;
import io.subupgrade.shared.Ids;
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
import java.util.Map;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/** Signing up for offers, reading and renaming subscriptions. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SubscriptionService {
    private static final String ONE_FREE_TRIAL = "subscription_one_free_trial_per_owner";

    @Inject
    EntityManager em;

    @Inject
    SubscriptionCredit credit;

    @Inject
    EventLog events;

    @Inject
    ServiceClock clock;

    @Inject
    Caller caller;

    /** Signs the caller up: grants the offer's credit and starts its term. */
    @Transactional
    public Subscription create(CreateSubscriptionRequest request) {
        Offer offer = Offer.findById(request.offerId());
        if (offer == null) {
            throw new ProblemException(ProblemCode.UNKNOWN_OFFER, "Offer " + request.offerId() + " does not exist.");
        }
        String owner = caller.accountId();
        boolean freeTrial = offer.category == OfferCategory.FREE_TRIAL;
        if (freeTrial && Subscription.count("ownerId = ?1 and freeTrial = true", owner) > 0) {
            throw trialAlreadyUsed();
        }
        Instant now = clock.now();
        Subscription s = new Subscription();
        s.id = Ids.newId();
        s.ownerId = owner;
        s.displayName = request.displayName();
        s.offerId = offer.id;
        s.originalOfferId = offer.id;
        s.freeTrial = freeTrial;
        s.state = SubscriptionState.ACTIVE;
        s.spendingLimit = offer.spendingLimit;
        s.createdAt = now;
        s.trialEndsAt = offer.term() == null ? null : now.plus(offer.term());
        s.currency = offer.hasCredit() ? offer.creditCurrency : null;
        try {
            s.persistAndFlush();
        } catch (ConstraintViolationException e) {
            // A concurrent sign-up of the same account won the race for its one Free Trial.
            if (ONE_FREE_TRIAL.equals(e.getConstraintName())) {
                throw trialAlreadyUsed();
            }
            throw e;
        }
        events.append(s.id, owner, now, new EventData.SubscriptionCreated(offer.id, s.displayName));
        if (offer.hasCredit()) {
            credit.grantOfferCredit(s, offer, now);
        }
        return s;
    }

    /**
     * The subscription's entity, managed by the caller's persistence context (so a write in the caller's transaction
     * changes it), if the caller may see it; another account's is "not found", never "forbidden". For the
     * subscription's representation alone, {@link SubscriptionReads#visibleView} reads it without Hibernate.
     */
    public Subscription visibleEntity(UUID id) {
        Subscription s = Subscription.findById(id);
        if (s == null || !caller.canSee(s.ownerId)) {
            throw ProblemException.notFound("Subscription " + id);
        }
        return s;
    }

    public Page<SubscriptionView> list(String ownerId, int limit, String cursor) {
        String owner = ownerId;
        if (!caller.isOperator()) {
            if (owner != null && !owner.equals(caller.accountId())) {
                throw new ProblemException(
                        ProblemCode.FORBIDDEN, "Only operators may list other accounts' subscriptions.");
            }
            owner = caller.accountId();
        }
        List<Subscription> rows = KeysetFilter.ascending(cursor)
                .and("ownerId = :owner", "owner", owner)
                .rows((q, p) -> Subscription.find(q, p), limit);
        Map<UUID, CreditTotals> totals =
                credit.totals(rows.stream().map(s -> s.id).toList());
        return Page.of(rows, limit, s -> s.id.toString(), s -> SubscriptionView.of(s, totals.get(s.id)));
    }

    public SubscriptionView view(Subscription s) {
        return SubscriptionView.of(s, credit.totals(s.id));
    }

    /** Renames; with If-Match, only the version the caller last saw may be changed. */
    @Transactional
    public Subscription rename(UUID id, String ifMatch, UpdateSubscriptionRequest request) {
        Subscription s = visibleEntity(id);
        if (!caller.accountId().equals(s.ownerId)) {
            throw ProblemException.notFound("Subscription " + id);
        }
        // Lock the row so a concurrent rename waits and then sees the new version (412), not a lost update.
        em.refresh(s, LockModeType.PESSIMISTIC_WRITE);
        if (ifMatch != null && !ifMatch.equals("*") && !ifMatch.equals(s.etag()) && !ifMatch.equals("W/" + s.etag())) {
            throw new ProblemException(
                    ProblemCode.PRECONDITION_FAILED, "The subscription has changed since you read it; read it again.");
        }
        if (!s.displayName.equals(request.displayName())) {
            String before = s.displayName;
            s.displayName = request.displayName();
            em.flush();
            events.append(s.id, s.ownerId, clock.now(), new EventData.SubscriptionUpdated(s.displayName, before));
        }
        return s;
    }

    private static ProblemException trialAlreadyUsed() {
        return new ProblemException(ProblemCode.TRIAL_ALREADY_USED, "This account has already had a Free Trial.");
    }
}
