package io.subupgrade.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subupgrade.invoice.InvoiceRules.Charge;
import io.subupgrade.invoice.InvoiceRules.Line;
import io.subupgrade.invoice.InvoiceRules.Period;
import io.subupgrade.invoice.InvoiceRules.Totals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoiceRulesTest {
    @ParameterizedTest
    @CsvSource({
        "2026-12-01T00:00:00Z, 2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
        "2026-12-31T23:59:59.999999Z, 2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z, 2027-01-01T00:00:00Z, 2027-02-01T00:00:00Z",
        "2028-02-29T12:00:00Z, 2028-02-01T00:00:00Z, 2028-03-01T00:00:00Z"
    })
    void periodsAreCalendarMonthsInUtc(String at, String start, String end) {
        Period p = InvoiceRules.periodOf(Instant.parse(at));
        assertEquals(new Period(Instant.parse(start), Instant.parse(end)), p);
        assertTrue(p.contains(Instant.parse(start)));
        assertFalse(p.contains(Instant.parse(end)));
    }

    @Test
    void linesGroupByMeterAndUnitPriceAndTheTotalsAddUp() {
        Totals t = InvoiceRules.totals(List.of(
                charge("vm", "0.096", "1000", "96.000000", "90.000000", "0", "6.000000"),
                charge("vm", "0.0960", "500", "48.000000", "0", "0", "48.000000"),
                charge("vm", "0.12", "10", "1.200000", "0", "0", "1.200000"),
                charge("disk", "0.000123", "3", "0.000369", "0", "0.000369", "0")));
        assertEquals(
                List.of(
                        new Line("vm", bd("0.096"), bd("1500"), bd("144.000000")),
                        new Line("vm", bd("0.12"), bd("10"), bd("1.200000")),
                        new Line("disk", bd("0.000123"), bd("3"), bd("0.000369"))),
                t.lines());
        assertEquals(bd("145.200369"), t.subtotal());
        assertEquals(bd("90.000000"), t.creditApplied());
        assertEquals(bd("0.000369"), t.notCharged());
        assertEquals(bd("55.200000"), t.total());
        assertEquals(t.subtotal(), t.creditApplied().add(t.notCharged()).add(t.total()));
    }

    @ParameterizedTest(name = "{0} records of {1} at {2}: line {3}")
    @CsvSource({
        // Rounded per record to 6 places these were 0 (0.000000435), 0.001152 (576 × 0.000002) and 16.704.
        "200, 0.000005, 0.087, 0.000087",
        "576, 0.000007, 0.333333, 0.001343998656",
        "1, 192.000808, 0.087, 16.704070296",
        "3, 0.000007, 0.0000166667, 0.0000000003500007",
        "1000, 999999.999999, 0.0000000001, 0.0999999999999",
    })
    void aLineIsExactlyItsQuantityTimesItsUnitPrice(int records, String quantity, String price, String amount) {
        List<Charge> charges = new java.util.ArrayList<>();
        BigDecimal cost = bd(quantity).multiply(bd(price));
        for (int i = 0; i < records; i++) {
            charges.add(new Charge("egress", bd(price), bd(quantity), cost, BigDecimal.ZERO, BigDecimal.ZERO, cost));
        }
        Totals t = InvoiceRules.totals(charges);
        Line line = t.lines().get(0);
        assertEquals(0, bd(amount).compareTo(line.amount()), () -> "amount " + line.amount());
        assertEquals(0, line.quantity().multiply(line.unitPrice()).compareTo(line.amount()));
        assertEquals(0, bd(amount).compareTo(t.subtotal()));
        assertEquals(
                0, t.subtotal().compareTo(t.creditApplied().add(t.notCharged()).add(t.total())));
    }

    @Test
    void aChargeWhoseSplitDoesNotAddUpIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> InvoiceRules.totals(List.of(charge("vm", "1", "1", "1.000000", "0.5", "0", "0.4"))));
    }

    @Test
    void noUsageIsAnEmptyInvoiceOfZero() {
        Totals t = InvoiceRules.totals(List.of());
        assertEquals(List.of(), t.lines());
        assertEquals(BigDecimal.ZERO, t.total());
    }

    @ParameterizedTest
    @CsvSource({
        "55.204999, USD, 55.20",
        "55.205000, USD, 55.21",
        "0.004999, USD, 0.00",
        "0.000000, EUR, 0.00",
        "1234.500000, JPY, 1235",
        "1.234500, BHD, 1.235",
        "1.5005, KWD, 1.501",
        "1.5004999999999999, KWD, 1.500",
        "0.0000000001166669, USD, 0.00",
        "0.005, USD, 0.01",
        "0.0049999999999999, USD, 0.00",
        "500.5, JPY, 501",
        "500.4999999999999999, JPY, 500",
        "16.704070296, USD, 16.70"
    })
    void amountDueIsTheTotalRoundedHalfUpToTheMinorUnit(String total, String currency, String due) {
        assertEquals(bd(due), InvoiceRules.amountDue(bd(total), currency));
    }

    @Test
    void aStoredCurrencyThatIsNotIso4217HasNoAmountDueAndReadsShowTheExactTotal() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> InvoiceRules.amountDue(bd("12.345678"), "ABC"));
        assertEquals("\"ABC\" is not an ISO 4217 currency code", refused.getMessage());
        assertEquals(bd("12.345678"), InvoiceRules.amountDueShown(bd("12.345678"), "ABC"));
        assertEquals(bd("12.35"), InvoiceRules.amountDueShown(bd("12.345678"), "USD"));
        assertEquals(bd("12"), InvoiceRules.amountDueShown(bd("12.345678"), "JPY"));
    }

    @Test
    void finalizationWaitsForTheGraceAfterThePeriod() {
        Period december = InvoiceRules.periodOf(Instant.parse("2026-12-15T00:00:00Z"));
        Duration grace = Duration.ofMinutes(5);
        assertFalse(InvoiceRules.finalizable(december, grace, Instant.parse("2027-01-01T00:04:59Z")));
        assertTrue(InvoiceRules.finalizable(december, grace, Instant.parse("2027-01-01T00:05:00Z")));
    }

    @Test
    void numbersHaveAtLeastSixDigits() {
        assertEquals("INV-000001", InvoiceRules.number(1));
        assertEquals("INV-1234567", InvoiceRules.number(1234567));
        assertThrows(IllegalArgumentException.class, () -> InvoiceRules.number(0));
    }

    private static Charge charge(
            String meter, String price, String qty, String cost, String credit, String notCharged, String billable) {
        return new Charge(meter, bd(price), bd(qty), bd(cost), bd(credit), bd(notCharged), bd(billable));
    }

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }
}
