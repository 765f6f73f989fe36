package io.subupgrade.offer;

import io.subupgrade.shared.Money;
import java.util.List;
import java.util.Locale;

/** The {@code Offer} schema of openapi.yaml. */
public record OfferView(
        String id,
        String name,
        OfferCategory category,
        Money credit,
        Integer termDays,
        SpendingLimit spendingLimit,
        List<String> upgradableTo) {

    public static OfferView of(Offer offer, Locale language) {
        return new OfferView(
                offer.id,
                offer.name(language),
                offer.category,
                Money.ofNullable(offer.creditAmount, offer.creditCurrency),
                offer.termDays,
                offer.spendingLimit,
                List.copyOf(offer.upgradableTo));
    }
}
