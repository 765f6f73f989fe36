package io.subupgrade.benefit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The burn-down, table-driven: grants as "remaining@expiry" (expiry "-" = none), in any order. */
class CreditBurnDownTest {
    private static final Instant GRANTED = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0} charged {1}, overage {2}: covered {3}, billable {4}, not charged {5}, left {6}")
    @CsvSource(
            delimiter = ';',
            value = {
                // grants; cost; billsOverage; covered; billable; notCharged; remaining afterwards (burn order); limit
                "200.000000@2026-02-01; 96.000000; false; 96.000000; 0; 0; 104.000000; false",
                "200.000000@2026-02-01; 288.000000; true; 200.000000; 88.000000; 0; 0.000000; false",
                "200.000000@2026-02-01; 288.000000; false; 200.000000; 0; 88.000000; 0.000000; true",
                // Exactly used up: nothing uncovered, but the limit is reached.
                "0.960000@-; 0.960000; false; 0.960000; 0; 0; 0.000000; true",
                // Soonest expiry first, no expiry last, whatever order they were loaded in.
                "10.000000@-, 5.000000@2026-03-01, 3.000000@2026-02-01; 4.000000; false; 4.000000; 0; 0;"
                        + " 0.000000 4.000000 10.000000; false",
                "10.000000@-, 5.000000@2026-03-01, 3.000000@2026-02-01; 12.500000; false; 12.500000; 0; 0;"
                        + " 0.000000 0.000000 5.500000; false",
                // 6-decimal amounts are taken exactly, never rounded.
                "0.000001@2026-02-01, 1.000000@-; 0.000003; true; 0.000003; 0; 0; 0.000000 0.999998; false",
                // 16-decimal costs (quantity × a 10-decimal unit price) burn down exactly, to the last digit.
                "200.0000000000000000@-; 0.0000000001166669; false; 0.0000000001166669; 0; 0;"
                        + " 199.9999999998833331; false",
                "0.0000005@2026-02-01; 0.000000609; false; 0.0000005; 0; 0.000000109; 0.0000000; true",
                "0.0000005@2026-02-01, 1@-; 0.000000609; true; 0.000000609; 0; 0; 0.0000000 0.999999891; false",
                "0.0000000001@-; 0.0000000001166669; true; 0.0000000001; 0.0000000000166669; 0; 0.0000000000; false",
                // No credit: all of it is billable or not charged.
                "; 0.096000; true; 0; 0.096000; 0; ; false",
                "; 0.096000; false; 0; 0; 0.096000; ; true",
            })
    void chargesBurnDownInOrder(
            String grants,
            BigDecimal cost,
            boolean billsOverage,
            BigDecimal covered,
            BigDecimal billable,
            BigDecimal notCharged,
            String remainingAfter,
            boolean limitReached) {
        List<CreditGrant> usable = parse(grants);
        usable.sort(CreditGrant.BURN_ORDER);
        CreditBurnDown.Split split = CreditBurnDown.charge(usable, cost, billsOverage);
        assertEquals(0, covered.compareTo(split.covered()), "covered " + split.covered());
        assertEquals(0, billable.compareTo(split.billable()), "billable " + split.billable());
        assertEquals(0, notCharged.compareTo(split.notCharged()), "not charged " + split.notCharged());
        assertEquals(0, cost.compareTo(split.covered().add(split.billable()).add(split.notCharged())));
        assertEquals(
                remainingAfter == null ? "" : remainingAfter,
                usable.stream().map(g -> g.remaining.toPlainString()).collect(Collectors.joining(" ")));
        assertEquals(limitReached, CreditBurnDown.limitReached(split, usable, billsOverage));
    }

    private static List<CreditGrant> parse(String grants) {
        List<CreditGrant> parsed = new ArrayList<>();
        if (grants == null) {
            return parsed;
        }
        int n = 0;
        for (String g : Arrays.stream(grants.split(",")).map(String::trim).toList()) {
            String[] parts = g.split("@");
            BigDecimal remaining = new BigDecimal(parts[0]);
            Instant expiry = parts[1].equals("-") ? null : Instant.parse(parts[1] + "T00:00:00Z");
            parsed.add(new CreditGrant(new UUID(0, n), remaining, "USD", GRANTED.plusSeconds(n++), expiry, remaining));
        }
        return parsed;
    }
}
