package io.subupgrade.usage;

import io.subupgrade.benefit.BenefitService;
import io.subupgrade.invoice.InvoiceReads;
import io.subupgrade.shared.Money;
import io.subupgrade.subscription.CreditTotals;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Reading usage back: the history and what it cost. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UsageReports {
    @Inject
    InvoiceReads invoices;

    @Inject
    BenefitService benefits;

    public Page<UsageRecordView> history(UUID subscriptionId, int limit, String cursor) {
        return KeysetFilter.ascending(cursor)
                .and("subscriptionId = :subscription", "subscription", subscriptionId)
                .page((q, p) -> UsageRecord.find(q, p), limit, r -> r.id.toString(), UsageRecordView::of);
    }

    /** Sums in the subscription's one currency (the database refuses usage and grants in any other). */
    public CostSummaryView costSummary(Subscription subscription) {
        // From the invoices, folded up to now first (InvoiceReads.sums): a few rows a year and the records since the
        // last fold, not every record.
        InvoiceReads.Sums sums = invoices.sums(subscription.id);
        CreditTotals credit = benefits.totals(subscription.id);
        String currency = subscription.currency != null ? subscription.currency : InvoiceReads.DEFAULT_CURRENCY;
        return new CostSummaryView(
                subscription.id,
                currency,
                Money.of(sums.subtotal(), currency),
                Money.of(sums.creditApplied(), currency),
                Money.of(sums.total(), currency),
                Money.of(sums.notCharged(), currency),
                credit == null ? null : credit.remainingMoney());
    }
}
