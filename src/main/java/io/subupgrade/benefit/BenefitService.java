package io.subupgrade.benefit;

import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.offer.Offer;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.shared.Ids;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Money;
import io.subupgrade.subscription.CreditTotals;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionCredit;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Credit grants: granting, listing, and what they add up to. Subscriptions reach it as their {@link SubscriptionCredit}
 * (sign-up credit, totals), as subscription/ is below this package.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class BenefitService implements SubscriptionCredit {
    @Inject
    EntityManager em;

    @Inject
    Jdbc jdbc;

    @Inject
    EventLog events;

    @Inject
    ServiceClock clock;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void grantOfferCredit(Subscription subscription, Offer offer, Instant now) {
        BenefitBalance grant = grant(
                subscription,
                offer.creditAmount,
                offer.creditCurrency,
                subscription.trialEndsAt,
                offer.nameEn + " credit");
        events.append(subscription.id, subscription.ownerId, now, grantedData(grant));
    }

    /** Persists a grant in the caller's transaction; the caller appends its {@code credit.granted}. */
    private BenefitBalance grant(
            Subscription subscription, BigDecimal amount, String currency, Instant expiresAt, String reason) {
        Instant now = clock.now();
        BenefitBalance grant = new BenefitBalance();
        grant.id = Ids.newId();
        grant.subscriptionId = subscription.id;
        grant.originalAmount = amount;
        grant.remainingAmount = amount;
        grant.currency = currency;
        grant.grantedAt = now;
        grant.expiresAt = expiresAt;
        grant.status = BenefitStatus.ACTIVE;
        grant.reason = reason;
        grant.persist();
        return grant;
    }

    /**
     * An operator's promotional credit, in the subscription's currency. Like every writer of a subscription's credit
     * it takes the subscription's row lock first (lock order: subscription, upgrade_request, benefit_balance, feed),
     * so the currency check and the insert cannot interleave with another grant or with usage.
     */
    @Transactional
    public BenefitBalance grantPromotional(UUID subscriptionId, GrantCreditRequest request) {
        Instant now = clock.now();
        BigDecimal amount = request.amount().toBigDecimal();
        if (amount.signum() <= 0) {
            throw ProblemException.invalid("amount.amount", "must be greater than 0");
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ProblemException.invalid("expiresAt", "must be in the future");
        }
        // Refresh under the lock, as the other writers do: with an Idempotency-Key the request's transaction already
        // holds this subscription (the resource read it), and a lock on a loaded entity would only check its version.
        Subscription subscription = em.find(Subscription.class, subscriptionId);
        if (subscription != null) {
            em.refresh(subscription, LockModeType.PESSIMISTIC_WRITE);
        }
        String currency = request.amount().currency();
        CreditRules.checkGrant(subscription, currency, now);
        if (subscription.currency == null) {
            subscription.currency = currency;
        }
        BenefitBalance grant = grant(subscription, amount, currency, request.expiresAt(), request.reason());
        events.append(subscription.id, subscription.ownerId, now, grantedData(grant));
        return grant;
    }

    /** For the offer's credit granted with a new subscription and for promotional credit alike. */
    private static EventData.CreditGranted grantedData(BenefitBalance grant) {
        return new EventData.CreditGranted(
                grant.id, Money.of(grant.originalAmount, grant.currency), grant.expiresAt, grant.reason);
    }

    public Page<BenefitBalanceView> list(UUID subscriptionId, int limit, String cursor) {
        Instant now = clock.now();
        return KeysetFilter.ascending(cursor)
                .and("subscriptionId = :subscription", "subscription", subscriptionId)
                .<BenefitBalance, BenefitBalanceView>page(
                        (q, p) -> BenefitBalance.find(q, p),
                        limit,
                        b -> b.id.toString(),
                        b -> BenefitBalanceView.of(b, now));
    }

    @Override
    public Map<UUID, CreditTotals> totals(Collection<UUID> subscriptionIds) {
        if (subscriptionIds.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.now();
        return CreditTotals.sums(jdbc, subscriptionIds, now);
    }

    @Override
    public CreditTotals totals(UUID subscriptionId) {
        return totals(List.of(subscriptionId)).get(subscriptionId);
    }
}
