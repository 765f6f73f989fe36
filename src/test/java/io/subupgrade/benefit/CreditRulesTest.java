package io.subupgrade.benefit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subupgrade.subscription.DisabledReason;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionState;
import io.subupgrade.web.ProblemException;
import java.time.Instant;
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
            assertEquals(expected, e.code());
        }
    }
}
