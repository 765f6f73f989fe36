package io.subupgrade.benefit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subupgrade.event.DisabledReason;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreditRulesTest {
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    @ParameterizedTest(name = "{0} {1}, trial ends {2}, pending {3}, in {4}, grant in {5}: {6}")
    @CsvSource(
            nullValues = "-",
            value = {
                // state, disabledReason, trialEndsAt, pending upgrade, currency, grant currency, expected code
                "ACTIVE,   -,                2026-07-01T00:00:00Z, false, USD, USD, -",
                "ACTIVE,   -,                -,                    false, -,   EUR, -",
                "ACTIVE,   -,                -,                    false, USD, EUR, currency-mismatch",
                "ACTIVE,   -,                2026-06-15T12:00:00Z, false, USD, USD, subscription-disabled",
                "ACTIVE,   -,                2026-06-01T00:00:00Z, true,  USD, USD, -",
                "ACTIVE,   -,                2026-06-01T00:00:00Z, true,  USD, GBP, currency-mismatch",
                "DISABLED, CREDIT_EXHAUSTED, 2026-07-01T00:00:00Z, false, USD, USD, subscription-disabled",
                "DISABLED, TRIAL_EXPIRED,    2026-06-01T00:00:00Z, false, USD, USD, subscription-disabled",
                "CANCELLED, -,               -,                    false, USD, USD, subscription-disabled",
            })
    void grantRule(
            SubscriptionState state,
            DisabledReason reason,
            Instant trialEndsAt,
            boolean pending,
            String currency,
            String grantCurrency,
            String expected) {
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.state = state;
        s.disabledReason = reason;
        s.trialEndsAt = trialEndsAt;
        s.pendingUpgradeRequestId = pending ? UUID.randomUUID() : null;
        s.currency = currency;
        if (expected == null) {
            assertDoesNotThrow(() -> CreditRules.checkGrant(s, grantCurrency, NOW));
        } else {
            ProblemException e =
                    assertThrows(ProblemException.class, () -> CreditRules.checkGrant(s, grantCurrency, NOW));
            assertEquals(expected, e.code().wireName());
        }
    }

    @ParameterizedTest(name = "original {0}: {1} -> {2} crosses {3}")
    @CsvSource(
            delimiter = ';',
            value = {
                "200.00; 200.00; 104.00; ''",
                "200.00; 104.00; 100.00; 50",
                "200.00; 200.00; 100.00; 50",
                "200.00; 100.00; 99.99; ''",
                "200.00; 120.00; 10.00; 50 75 90",
                "200.00; 20.000001; 20.00; 90",
                "200.00; 20.00; 0.00; ''",
                "200.00; 10.00; 150.00; ''",
                "300.00; 150.00; 149.00; ''",
                "0.000003; 0.000003; 0.000001; 50",
            })
    void thresholdsCrossedInRisingOrder(BigDecimal original, BigDecimal before, BigDecimal after, String expected) {
        List<Integer> crossed = CreditRules.thresholdsCrossed(original, before, after, List.of(90, 50, 75));
        assertEquals(
                expected.isEmpty()
                        ? List.of()
                        : java.util.Arrays.stream(expected.split(" "))
                                .map(Integer::valueOf)
                                .toList(),
                crossed);
    }
}
