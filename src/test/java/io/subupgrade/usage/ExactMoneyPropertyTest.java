package io.subupgrade.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subupgrade.benefit.CreditBurnDown;
import io.subupgrade.benefit.CreditGrant;
import io.subupgrade.invoice.InvoiceRules;
import io.subupgrade.invoice.InvoiceRules.Charge;
import io.subupgrade.invoice.InvoiceRules.Line;
import io.subupgrade.invoice.InvoiceRules.Totals;
import io.subupgrade.shared.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A property test of exact money, as a seeded loop (same cases every run; a failure names its seed and case): for
 * random quantities (up to 6 decimals), unit prices (up to 10), credit grants and overage settings, the usage path's
 * rules (pricing, burn-down, invoice totals) give lines that are exactly Σ quantity × unit price, counted here in
 * integers of 10^-16 rather than with the code's own BigDecimal products, and invoices that add up exactly.
 */
class ExactMoneyPropertyTest {
    private static final long SEED = 0x28_0014L;
    private static final int INVOICES = 3000;
    private static final List<String> CURRENCIES = List.of("USD", "JPY", "KWD", "EUR", "CLF");
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void linesAreExactlyTheSumOfQuantityTimesPriceAndInvoicesAddUp() {
        Random random = new Random(SEED);
        for (int n = 0; n < INVOICES; n++) {
            int invoice = n;
            String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            List<CreditGrant> grants = grants(random);
            BigDecimal creditBefore = remaining(grants);
            boolean billsOverage = random.nextBoolean();

            List<BigDecimal> prices = new ArrayList<>();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                prices.add(decimal(random, 4, 10));
            }
            List<Charge> charges = new ArrayList<>();
            Map<String, BigInteger> expectedLines = new HashMap<>(); // in units of 10^-16
            BigInteger expectedSubtotal = BigInteger.ZERO;
            for (int r = 1 + random.nextInt(60); r > 0; r--) {
                int p = random.nextInt(prices.size());
                BigDecimal price = prices.get(p);
                BigDecimal quantity = positive(random);
                BigDecimal cost = UsageRules.cost(quantity, price, "");
                if (price.signum() > 0) {
                    assertTrue(cost.signum() > 0, () -> "case " + invoice + ": a cost above zero priced as 0");
                }
                CreditBurnDown.Split split = CreditBurnDown.charge(grants, cost, billsOverage);
                charges.add(new Charge(
                        "m" + p, price, quantity, cost, split.covered(), split.notCharged(), split.billable()));
                BigInteger product = units(quantity, 6).multiply(units(price, 10)); // 10^-6 × 10^-10
                expectedLines.merge("m" + p, product, BigInteger::add);
                expectedSubtotal = expectedSubtotal.add(product);
            }

            Totals totals = InvoiceRules.totals(charges);
            for (Line line : totals.lines()) {
                assertEquals(
                        expectedLines.get(line.meterId()),
                        units(line.amount(), 16),
                        () -> "case " + invoice + ": line " + line);
                assertEquals(0, line.quantity().multiply(line.unitPrice()).compareTo(line.amount()));
            }
            assertEquals(expectedSubtotal, units(totals.subtotal(), 16), () -> "case " + invoice);
            assertEquals(
                    0,
                    totals.subtotal()
                            .compareTo(totals.creditApplied()
                                    .add(totals.notCharged())
                                    .add(totals.total())),
                    () -> "case " + invoice + ": " + totals);
            assertEquals(
                    0,
                    creditBefore.subtract(remaining(grants)).compareTo(totals.creditApplied()),
                    () -> "case " + invoice + ": credit burnt is not the credit applied");
            assertTrue(totals.subtotal().scale() <= Money.EXACT_SCALE);

            BigDecimal due = InvoiceRules.amountDue(totals.total(), currency);
            int digits = Money.minorDigits(currency);
            assertEquals(digits, due.scale());
            BigDecimal half = BigDecimal.ONE.movePointLeft(digits).divide(BigDecimal.valueOf(2));
            BigDecimal off = totals.total().subtract(due);
            assertTrue(
                    off.compareTo(half.negate()) >= 0 && off.compareTo(half) < 0,
                    () -> "case " + invoice + ": " + totals.total() + " " + currency + " due " + due);

            for (BigDecimal amount : List.of(totals.subtotal(), totals.creditApplied(), totals.total())) {
                assertWrittenExactly(amount, currency);
            }
        }
    }

    /** Written as at least the minor digits, no trailing zero beyond them, and read back as the same number. */
    private static void assertWrittenExactly(BigDecimal amount, String currency) {
        String written = Money.format(amount, currency);
        assertEquals(0, new BigDecimal(written).compareTo(amount), written);
        int point = written.indexOf('.');
        int decimals = point < 0 ? 0 : written.length() - point - 1;
        int minor = Money.minorDigits(currency);
        assertTrue(decimals >= minor, written);
        assertTrue(decimals == minor || written.charAt(written.length() - 1) != '0', written);
    }

    private static List<CreditGrant> grants(Random random) {
        List<CreditGrant> grants = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            BigDecimal amount = decimal(random, 3, 10);
            if (amount.signum() == 0) {
                continue;
            }
            Instant expiry = random.nextBoolean() ? null : T0.plusSeconds(random.nextInt(1_000_000));
            grants.add(new CreditGrant(UUID.randomUUID(), amount, "USD", T0, expiry, amount));
        }
        grants.sort(CreditGrant.BURN_ORDER);
        return grants;
    }

    private static BigDecimal remaining(List<CreditGrant> grants) {
        return grants.stream().map(g -> g.remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** A quantity as a meter sends it: greater than 0, up to 9 integer digits and 6 decimals. */
    private static BigDecimal positive(Random random) {
        BigDecimal q;
        do {
            q = decimal(random, 9, 6);
        } while (q.signum() == 0);
        return q;
    }

    /**
     * A decimal of up to {@code integerDigits} integer digits and {@code maxScale} decimals, most of them small (the
     * tiny amounts are where rounding used to bite).
     */
    private static BigDecimal decimal(Random random, int integerDigits, int maxScale) {
        int scale = random.nextInt(maxScale + 1);
        int digits = 1 + random.nextInt(integerDigits + scale);
        long unscaled = (long) (random.nextDouble() * Math.pow(10, Math.min(digits, 18)));
        return BigDecimal.valueOf(unscaled, scale);
    }

    /** {@code amount} as a whole number of {@code 10^-scale}; fails if it has more decimals than that. */
    private static BigInteger units(BigDecimal amount, int scale) {
        return amount.movePointRight(scale).toBigIntegerExact();
    }
}
