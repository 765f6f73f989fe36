package io.subupgrade.usage;

import io.subupgrade.shared.Money;
import java.time.Instant;
import java.util.UUID;

/** The {@code UsageRecord} schema of openapi.yaml. */
public record UsageRecordView(
        UUID id,
        UUID subscriptionId,
        String eventId,
        String meterId,
        String quantity,
        Instant occurredAt,
        Instant recordedAt,
        Money cost,
        Money coveredByCredit,
        Money billable,
        Money notCharged) {

    public static UsageRecordView of(UsageRecord r) {
        return new UsageRecordView(
                r.id,
                r.subscriptionId,
                r.eventId,
                r.meterId,
                r.quantity.stripTrailingZeros().toPlainString(),
                r.occurredAt,
                r.recordedAt,
                Money.of(r.cost, r.currency),
                Money.of(r.coveredByCredit, r.currency),
                Money.of(r.billable, r.currency),
                Money.of(r.notCharged, r.currency));
    }
}
