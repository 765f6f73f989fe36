package io.subupgrade.invoice;

import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Caller;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Money;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Languages;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reading invoices back. Every read first folds the subscription's unfolded usage into its DRAFT invoices
 * ({@link InvoiceFold#now}: an index probe when there is none, the short tail since the last fold otherwise), then
 * is a few index lookups on the invoice rows: what it shows is exact, and nothing here sums a month of usage records,
 * however many a subscription has.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class InvoiceReads {
    /** What an invoice of a subscription without usage or credit (so without a currency yet) is shown in. */
    public static final String DEFAULT_CURRENCY = "USD";

    /** Σ over a subscription's invoices: what its usage cost and how that was covered. */
    public record Sums(BigDecimal subtotal, BigDecimal creditApplied, BigDecimal notCharged, BigDecimal total) {}

    // Σ over one subscription's invoices, for the cost summary: a row a month, however much usage there was.
    private static final String SUMS = "SELECT coalesce(sum(subtotal), 0), coalesce(sum(credit_applied), 0),"
            + " coalesce(sum(not_charged), 0), coalesce(sum(total), 0) FROM invoice WHERE subscription_id = ?";

    // The subscription of a DRAFT invoice, read as a plain value: an entity loaded before the fold would be stale.
    private static final String DRAFT_SUBSCRIPTION =
            "SELECT subscription_id FROM invoice WHERE id = ? AND status = 'DRAFT'";

    @Inject
    Jdbc jdbc;

    @Inject
    Caller caller;

    @Inject
    ServiceClock clock;

    @Inject
    InvoiceFold fold;

    /** Newest period first (invoice ids carry their period's start). */
    public Page<InvoiceView> list(
            Subscription subscription, InvoiceStatus status, int limit, String cursor, Locale locale) {
        fold.now(subscription.id);
        List<Invoice> rows = KeysetFilter.descending(cursor)
                .and("subscriptionId = :subscription", "subscription", subscription.id)
                .and("status = :status", "status", status)
                .rows((q, p) -> Invoice.find(q, p), limit);
        Map<UUID, List<InvoiceLine>> lines =
                linesOf(rows.stream().map(i -> i.id).toList());
        return Page.of(rows, limit, i -> i.id.toString(), i -> view(i, lines.getOrDefault(i.id, List.of()), locale));
    }

    /** The current period's invoice as it stands; with no lines and zero totals while nothing was used. */
    public InvoiceView upcoming(Subscription subscription, Locale locale) {
        InvoiceRules.Period period = InvoiceRules.periodOf(clock.now());
        fold.now(subscription.id);
        Invoice invoice = Invoice.find("subscriptionId = ?1 and periodStart = ?2", subscription.id, period.start())
                .firstResult();
        if (invoice != null) {
            return view(invoice, linesOf(List.of(invoice.id)).getOrDefault(invoice.id, List.of()), locale);
        }
        String currency = subscription.currency != null ? subscription.currency : DEFAULT_CURRENCY;
        Money zero = Money.of(BigDecimal.ZERO, currency);
        return new InvoiceView(
                null,
                null,
                subscription.id,
                subscription.ownerId,
                InvoiceStatus.DRAFT,
                period.start(),
                period.end(),
                currency,
                List.of(),
                zero,
                zero,
                zero,
                zero,
                Money.of(InvoiceRules.amountDueShown(BigDecimal.ZERO, currency), currency),
                null);
    }

    /** An invoice the caller may see (another account's is a 404, as if it did not exist). */
    public InvoiceView get(UUID id, Locale locale) {
        UUID draftOf = jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(DRAFT_SUBSCRIPTION)) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, UUID.class) : null;
                }
            }
        });
        if (draftOf != null) {
            fold.now(draftOf);
        }
        Invoice invoice = Invoice.findById(id);
        if (invoice == null || !caller.canSee(invoice.ownerId)) {
            throw ProblemException.notFound("Invoice " + id);
        }
        return view(invoice, linesOf(List.of(id)).getOrDefault(id, List.of()), locale);
    }

    public Sums sums(UUID subscriptionId) {
        fold.now(subscriptionId);
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(SUMS)) {
                ps.setObject(1, subscriptionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Sums(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4));
                }
            }
        });
    }

    private static Map<UUID, List<InvoiceLine>> linesOf(Collection<UUID> invoiceIds) {
        if (invoiceIds.isEmpty()) {
            return Map.of();
        }
        List<InvoiceLine> lines = InvoiceLine.list("invoiceId in ?1 order by meterId, unitPrice", invoiceIds);
        return lines.stream().collect(Collectors.groupingBy(l -> l.invoiceId));
    }

    static InvoiceView view(Invoice i, List<InvoiceLine> lines, Locale locale) {
        String c = i.currency;
        return new InvoiceView(
                i.id,
                i.numberSequence == null ? null : InvoiceRules.number(i.numberSequence),
                i.subscriptionId,
                i.ownerId,
                i.status,
                i.periodStart,
                i.periodEnd,
                c,
                lines.stream()
                        .map(l -> new InvoiceView.Line(
                                l.meterId,
                                Languages.isChinese(locale) && l.nameZhTw != null ? l.nameZhTw : l.nameEn,
                                l.unit,
                                l.quantity.stripTrailingZeros().toPlainString(),
                                Money.of(l.unitPrice, c),
                                Money.of(l.amount, c)))
                        .toList(),
                Money.of(i.subtotal, c),
                Money.of(i.creditApplied, c),
                Money.of(i.notCharged, c),
                Money.of(i.total, c),
                Money.of(InvoiceRules.amountDueShown(i.total, c), c),
                i.finalizedAt);
    }
}
