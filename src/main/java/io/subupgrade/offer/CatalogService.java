package io.subupgrade.offer;

import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.shared.Money;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Offers and meters: read by everyone, replaced by operators. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CatalogService {

    public Page<OfferView> listOffers(int limit, String cursor, Locale language) {
        return KeysetFilter.byTextKey(cursor)
                .<Offer, OfferView>page((q, p) -> Offer.find(q, p), limit, o -> o.id, o -> OfferView.of(o, language));
    }

    public Offer offer(String offerId) {
        Offer offer = Offer.findById(offerId);
        if (offer == null) {
            throw ProblemException.notFound("Offer " + offerId);
        }
        return offer;
    }

    /** Creates or replaces an offer; true when it was created. */
    @Transactional
    public boolean putOffer(String offerId, OfferInput input) {
        BigDecimal credit = input.credit() == null ? null : input.credit().toBigDecimal();
        if (credit != null && credit.signum() <= 0) {
            throw ProblemException.invalid("credit.amount", "must be greater than 0");
        }
        List<String> targets = new ArrayList<>(new LinkedHashSet<>(input.upgradableTo()));
        for (String target : targets) {
            if (target.equals(offerId)) {
                throw ProblemException.invalid("upgradableTo", "must not contain the offer itself");
            }
            if (Offer.findById(target) == null) {
                throw new ProblemException(
                        ProblemCode.UNKNOWN_OFFER, "Offer " + target + " in upgradableTo does not exist.");
            }
        }
        Offer offer = Offer.findById(offerId);
        boolean created = offer == null;
        if (created) {
            offer = new Offer();
            offer.id = offerId;
        }
        offer.nameEn = input.name();
        offer.nameZhTw =
                input.localizedNames() == null ? null : input.localizedNames().zhTw();
        offer.category = input.category();
        offer.creditAmount = credit;
        offer.creditCurrency = input.credit() == null ? null : input.credit().currency();
        offer.termDays = input.termDays();
        offer.spendingLimit = input.spendingLimit();
        offer.upgradableTo.clear();
        offer.upgradableTo.addAll(targets);
        if (created) {
            offer.persist();
        }
        return created;
    }

    public Page<MeterView> listMeters(int limit, String cursor, Locale language) {
        return KeysetFilter.byTextKey(cursor)
                .<Meter, MeterView>page((q, p) -> Meter.find(q, p), limit, m -> m.id, m -> MeterView.of(m, language));
    }

    public Meter meter(String meterId) {
        Meter meter = Meter.findById(meterId);
        if (meter == null) {
            throw ProblemException.notFound("Meter " + meterId);
        }
        return meter;
    }

    /** Creates or replaces a meter; true when it was created. */
    @Transactional
    public boolean putMeter(String meterId, MeterInput input) {
        Money price = input.unitPrice();
        if (price.toBigDecimal().signum() < 0) {
            throw ProblemException.invalid("unitPrice.amount", "must not be negative");
        }
        Meter meter = Meter.findById(meterId);
        boolean created = meter == null;
        if (created) {
            meter = new Meter();
            meter.id = meterId;
        }
        meter.nameEn = input.name();
        meter.nameZhTw =
                input.localizedNames() == null ? null : input.localizedNames().zhTw();
        meter.unit = input.unit();
        meter.unitPriceAmount = price.toBigDecimal();
        meter.unitPriceCurrency = price.currency();
        if (created) {
            meter.persist();
        }
        return created;
    }
}
