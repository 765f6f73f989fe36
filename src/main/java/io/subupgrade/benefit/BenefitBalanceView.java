package io.subupgrade.benefit;

import io.subupgrade.shared.Money;
import java.time.Instant;
import java.util.UUID;

/** The {@code BenefitBalance} schema of openapi.yaml. */
public record BenefitBalanceView(
        UUID id,
        String kind,
        Money original,
        Money remaining,
        Instant grantedAt,
        Instant expiresAt,
        BenefitStatus status,
        String reason) {

    public static BenefitBalanceView of(BenefitBalance b, Instant now) {
        return new BenefitBalanceView(
                b.id,
                b.kind,
                Money.of(b.originalAmount, b.currency),
                Money.of(b.remainingAmount, b.currency),
                b.grantedAt,
                b.expiresAt,
                b.statusAt(now),
                b.reason);
    }
}
