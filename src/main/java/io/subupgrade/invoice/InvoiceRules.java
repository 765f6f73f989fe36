package io.subupgrade.invoice;

import io.subupgrade.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of monthly invoices (docs/design.md §13), as pure functions: the billing period of an instant, the
 * lines and totals of a period's usage, the amount due in the currency's minor unit, when an invoice may be
 * finalized and how it is numbered. Groundwork for issue 16: the invoice tables, API and job are not built yet.
 */
public final class InvoiceRules {
    private InvoiceRules() {}

    /** A calendar month in UTC: {@code [start, end)}. */
    public record Period(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** One usage record as billing sees it: what it cost and how that cost was split. */
    public record Charge(
            String meterId,
            BigDecimal unitPrice,
            BigDecimal quantity,
            BigDecimal cost,
            BigDecimal coveredByCredit,
            BigDecimal notCharged,
            BigDecimal billable) {}

    /** A line per (meter, unit price). */
    public record Line(String meterId, BigDecimal unitPrice, BigDecimal quantity, BigDecimal amount) {}

    public record Totals(
            List<Line> lines, BigDecimal subtotal, BigDecimal creditApplied, BigDecimal notCharged, BigDecimal total) {}

    public static Period periodOf(Instant t) {
        YearMonth month = YearMonth.from(t.atOffset(ZoneOffset.UTC));
        return new Period(
                month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /**
     * Lines in the order their (meter, unit price) first appears, and the totals, exact: a line's amount is the sum of
     * its records' exact costs, so it equals its quantity × unit price, and nothing is rounded before
     * {@link #amountDue}. The invariant {@code subtotal = creditApplied + notCharged + total} holds when every
     * charge's split adds up to its cost; a charge whose split does not is refused, since the invoice would then not
     * add up either.
     */
    public static Totals totals(List<Charge> charges) {
        Map<List<Object>, Line> lines = new LinkedHashMap<>();
        BigDecimal subtotal = BigDecimal.ZERO;
        BigDecimal credit = BigDecimal.ZERO;
        BigDecimal notCharged = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (Charge c : charges) {
            if (c.cost().compareTo(c.coveredByCredit().add(c.notCharged()).add(c.billable())) != 0) {
                throw new IllegalArgumentException("A charge's split does not add up to its cost: " + c);
            }
            List<Object> key = List.of(c.meterId(), c.unitPrice().stripTrailingZeros());
            Line before = lines.get(key);
            lines.put(
                    key,
                    before == null
                            ? new Line(c.meterId(), c.unitPrice(), c.quantity(), c.cost())
                            : new Line(
                                    c.meterId(),
                                    before.unitPrice(),
                                    before.quantity().add(c.quantity()),
                                    before.amount().add(c.cost())));
            subtotal = subtotal.add(c.cost());
            credit = credit.add(c.coveredByCredit());
            notCharged = notCharged.add(c.notCharged());
            total = total.add(c.billable());
        }
        return new Totals(new ArrayList<>(lines.values()), subtotal, credit, notCharged, total);
    }

    /**
     * {@code total} rounded half-up to the currency's minor unit (2 places for USD, none for JPY, 3 for KWD): the one
     * place where money is rounded (docs/design.md §14). A code that is not ISO 4217 has no minor unit and no amount
     * due: IllegalArgumentException, which sets the invoice aside at finalization.
     */
    public static BigDecimal amountDue(BigDecimal total, String currency) {
        if (!Money.isIsoCurrency(currency)) {
            // The JDK's own message differs between versions (none at all on 17): the operator reads this one.
            throw new IllegalArgumentException("\"" + currency + "\" is not an ISO 4217 currency code");
        }
        return total.setScale(Money.minorDigits(currency), RoundingMode.HALF_UP);
    }

    /**
     * The amount due as a read shows it: {@link #amountDue}, or for a stored currency that is not ISO 4217 (written
     * before currencies were checked, or by hand) the exact total, since there is no minor unit to round to. Such an
     * invoice is never finalized (its finalization is set aside until the currency is corrected) and a FINALIZED one
     * cannot change (migration V10), so this shows on DRAFTs only.
     */
    public static BigDecimal amountDueShown(BigDecimal total, String currency) {
        return Money.isIsoCurrency(currency) ? amountDue(total, currency) : total;
    }

    /** An invoice may be finalized once its period ended and the grace after it has passed. */
    public static boolean finalizable(Period period, Duration grace, Instant now) {
        return !now.isBefore(period.end().plus(grace));
    }

    /** {@code INV-} and at least six digits of the gapless sequence. */
    public static String number(long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("Invoice numbers start at 1");
        }
        return String.format("INV-%06d", sequence);
    }
}
