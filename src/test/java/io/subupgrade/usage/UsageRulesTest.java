package io.subupgrade.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subupgrade.problem.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pricing a record: quantity × unit price, never rounded. */
class UsageRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @ParameterizedTest(name = "{0} × {1} = {2}")
    @CsvSource({
        "1000, 0.0960000000, 96.0000000000",
        "744, 0.0104, 7.7376",
        // Rounded to 6 places these cost 0, 0.000002 and 0.
        "0.000005, 0.087, 0.000000435",
        "0.000007, 0.333333, 0.000002333331",
        "0.000001, 0.0000000001, 0.0000000000000001",
        "192.000808, 0.087, 16.704070296",
        "0.000007, 0.0000166667, 0.0000000001166669",
        "3600, 0.0000166667, 0.06000012",
        "999999999.999999, 9999.9999999999, 9999999999999.8900000000000001",
        "5, 0, 0"
    })
    void aCostIsTheExactProduct(String quantity, String price, String cost) {
        BigDecimal priced = UsageRules.cost(new BigDecimal(quantity), new BigDecimal(price), "");
        assertEquals(0, new BigDecimal(cost).compareTo(priced), () -> "cost " + priced);
        assertEquals(true, priced.scale() <= 16, "fits numeric(29, 16)");
    }

    @ParameterizedTest
    @CsvSource({"999999999.999999, 10000.0000000001", "1, 10000000000000", "10, 1000000000000"})
    void aCostBeyondWhatIsRecordedIsRefused(String quantity, String price) {
        ProblemException e = assertThrows(
                ProblemException.class,
                () -> UsageRules.cost(new BigDecimal(quantity), new BigDecimal(price), "records[3]."));
        assertEquals("records[3].quantity", e.errors().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.000001", "0.5", "1", "999999999.999999", "192.000808"})
    void aQuantityIsKeptAsSent(String quantity) {
        BigDecimal parsed = UsageRules.checkedQuantity(input(quantity), "", NOW);
        assertEquals(new BigDecimal(quantity), parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.000000", "0.0000001", "1e3", "-1", "1000000000"})
    void aQuantityOutsideTheRuleIsRefused(String quantity) {
        ProblemException e =
                assertThrows(ProblemException.class, () -> UsageRules.checkedQuantity(input(quantity), "", NOW));
        assertEquals("quantity", e.errors().get(0).field());
    }

    private static UsageInput input(String quantity) {
        return new UsageInput(UUID.randomUUID(), "e1", "egress-gb", quantity, null);
    }
}
