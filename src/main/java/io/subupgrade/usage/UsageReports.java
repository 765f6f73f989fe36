package io.subupgrade.usage;

import io.subupgrade.benefit.BenefitService;
import io.subupgrade.benefit.CreditTotals;
import io.subupgrade.shared.Money;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.UUID;

/** Reading usage back: the history and what it cost. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UsageReports {
    /** What the summary of a subscription without usage or credit (so without a currency yet) is shown in. */
    private static final String DEFAULT_CURRENCY = "USD";

    @Inject
    EntityManager em;

    @Inject
    BenefitService benefits;

    public Page<UsageRecordView> history(UUID subscriptionId, int limit, String cursor) {
        return KeysetFilter.ascending(cursor)
                .and("subscriptionId = :subscription", "subscription", subscriptionId)
                .page((q, p) -> UsageRecord.find(q, p), limit, r -> r.id.toString(), UsageRecordView::of);
    }

    /** Sums in the subscription's one currency (the database refuses usage and grants in any other). */
    public CostSummaryView costSummary(Subscription subscription) {
        Object[] sums = em.createQuery(
                        "select coalesce(sum(r.cost), 0), coalesce(sum(r.coveredByCredit), 0),"
                                + " coalesce(sum(r.billable), 0), coalesce(sum(r.notCharged), 0)"
                                + " from UsageRecord r where r.subscriptionId = ?1",
                        Object[].class)
                .setParameter(1, subscription.id)
                .getSingleResult();
        CreditTotals credit = benefits.totals(subscription.id);
        String currency = subscription.currency != null ? subscription.currency : DEFAULT_CURRENCY;
        return new CostSummaryView(
                subscription.id,
                currency,
                Money.of((BigDecimal) sums[0], currency),
                Money.of((BigDecimal) sums[1], currency),
                Money.of((BigDecimal) sums[2], currency),
                Money.of((BigDecimal) sums[3], currency),
                credit == null ? null : credit.remainingMoney());
    }
}
