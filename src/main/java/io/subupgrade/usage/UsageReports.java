package io.subupgrade.usage;

import io.subupgrade.benefit.BenefitService;
import io.subupgrade.benefit.CreditTotals;
import io.subupgrade.shared.Money;
import io.subupgrade.web.Cursors;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Reading usage back: the history and what it cost. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UsageReports {
    /** Currency of a subscription that has neither usage nor credit yet. */
    private static final String DEFAULT_CURRENCY = "USD";

    @Inject
    EntityManager em;

    @Inject
    BenefitService benefits;

    public Page<UsageRecordView> history(UUID subscriptionId, int limit, String cursor) {
        UUID after = Cursors.decodeUuid(cursor);
        List<UsageRecord> rows = after == null
                ? UsageRecord.<UsageRecord>find("subscriptionId = ?1 order by id", subscriptionId)
                        .page(0, limit + 1)
                        .list()
                : UsageRecord.<UsageRecord>find("subscriptionId = ?1 and id > ?2 order by id", subscriptionId, after)
                        .page(0, limit + 1)
                        .list();
        return Page.of(rows, limit, r -> r.id.toString(), UsageRecordView::of);
    }

    public CostSummaryView costSummary(UUID subscriptionId) {
        Object[] sums = em.createQuery(
                        "select coalesce(sum(r.cost), 0), coalesce(sum(r.coveredByCredit), 0),"
                                + " coalesce(sum(r.billable), 0), coalesce(sum(r.notCharged), 0), min(r.currency)"
                                + " from UsageRecord r where r.subscriptionId = ?1",
                        Object[].class)
                .setParameter(1, subscriptionId)
                .getSingleResult();
        CreditTotals credit = benefits.totals(subscriptionId);
        String currency = sums[4] != null ? (String) sums[4] : credit != null ? credit.currency() : DEFAULT_CURRENCY;
        return new CostSummaryView(
                subscriptionId,
                currency,
                Money.of((BigDecimal) sums[0], currency),
                Money.of((BigDecimal) sums[1], currency),
                Money.of((BigDecimal) sums[2], currency),
                Money.of((BigDecimal) sums[3], currency),
                credit == null ? null : credit.remainingMoney());
    }
}
