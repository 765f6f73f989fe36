package io.subupgrade.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subupgrade.event.CompletionReason;
import io.subupgrade.event.DisabledReason;
import io.subupgrade.offer.Offer;
import io.subupgrade.subscription.CreditTotals;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradeRulesTest {
    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

    @ParameterizedTest(name = "{0} {1}, trial ends {2}, credit left {3}: due {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                // state, disabledReason, trialEndsAt, credit remaining (- = never had credit), due reason (- = not due)
                "ACTIVE,   -,                2026-07-01T00:00:00Z, 104.00, -",
                "ACTIVE,   -,                2026-07-01T00:00:00Z, 0.00,   CREDIT_EXHAUSTED",
                "ACTIVE,   -,                2026-06-15T12:00:00Z, 104.00, TRIAL_ENDED",
                "ACTIVE,   -,                2026-06-01T00:00:00Z, 0.00,   TRIAL_ENDED",
                "ACTIVE,   -,                -,                    -,      NO_BENEFITS",
                "ACTIVE,   -,                -,                    0.000001, -",
                "DISABLED, CREDIT_EXHAUSTED, 2026-07-01T00:00:00Z, 0.00,   CREDIT_EXHAUSTED",
                "DISABLED, TRIAL_EXPIRED,    2026-06-01T00:00:00Z, 0.00,   TRIAL_ENDED",
            })
    void dueWhenNoBenefitIsLeft(
            SubscriptionState state,
            DisabledReason reason,
            Instant trialEndsAt,
            BigDecimal remaining,
            CompletionReason expected) {
        Subscription s = subscription(state, reason, trialEndsAt, null);
        CreditTotals credit = remaining == null ? null : new CreditTotals(remaining, new BigDecimal("200.00"), "USD");
        assertEquals(expected, UpgradeRules.dueNow(s, credit, NOW));
    }

    @ParameterizedTest(name = "{0}, pending {1}, target {2}: {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                "ACTIVE,    false, MS-AZR-0003P, -",
                "ACTIVE,    false, MS-AZR-0170P, not-upgradable",
                "ACTIVE,    false, -,            not-upgradable",
                "ACTIVE,    true,  MS-AZR-0003P, upgrade-already-pending",
                "CANCELLED, false, MS-AZR-0003P, subscription-cancelled",
                "DISABLED,  false, MS-AZR-0003P, -",
            })
    void eligibility(SubscriptionState state, boolean pending, String target, String expectedReason) {
        Offer trial = new Offer();
        trial.id = "MS-AZR-0044P";
        trial.upgradableTo = List.of("MS-AZR-0003P");
        Subscription s = subscription(
                state,
                state == SubscriptionState.DISABLED ? DisabledReason.CREDIT_EXHAUSTED : null,
                NOW.plusSeconds(3600),
                pending ? UUID.randomUUID() : null);
        List<String> codes = UpgradeRules.obstacles(s, trial, target).stream()
                .map(UpgradePreview.Reason::code)
                .toList();
        assertEquals(expectedReason == null ? List.of() : List.of(expectedReason), codes);
    }

    private static Subscription subscription(
            SubscriptionState state, DisabledReason reason, Instant trialEndsAt, UUID pending) {
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.offerId = "MS-AZR-0044P";
        s.state = state;
        s.disabledReason = reason;
        s.trialEndsAt = trialEndsAt;
        s.pendingUpgradeRequestId = pending;
        return s;
    }
}
