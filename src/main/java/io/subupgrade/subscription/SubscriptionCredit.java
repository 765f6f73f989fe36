package io.subupgrade.subscription;

import io.subupgrade.offer.Offer;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What subscriptions need of their credit grants: the offer's credit at sign-up, and the totals their representation
 * shows. The grants are {@code benefit/}'s, which depends on this package (a grant belongs to a subscription, and a
 * grant checks and locks it), so this package states what it needs and {@code benefit/BenefitService} provides it,
 * rather than calling it (docs/architecture.md, layout).
 */
public interface SubscriptionCredit {
    /**
     * Grants a new subscription its offer's credit, expiring with the trial, and appends {@code credit.granted} at
     * {@code now}, in the caller's transaction. The offer has credit.
     */
    void grantOfferCredit(Subscription subscription, Offer offer, Instant now);

    /** Totals per subscription; subscriptions that never had a grant are absent from the map. */
    Map<UUID, CreditTotals> totals(Collection<UUID> subscriptionIds);

    /** One subscription's totals; none if it never had a grant. */
    CreditTotals totals(UUID subscriptionId);
}
