package io.subupgrade.upgrade;

import io.subupgrade.event.CompletionReason;
import java.time.Instant;
import java.util.UUID;

/** The {@code UpgradeRequest} schema of openapi.yaml. */
public record UpgradeRequestView(
        UUID id,
        UUID subscriptionId,
        String fromOfferId,
        String targetOfferId,
        UpgradeRequestStatus status,
        Instant requestedAt,
        String requestedBy,
        Instant effectiveAt,
        Instant completedAt,
        CompletionReason completionReason,
        Instant cancelledAt) {

    public static UpgradeRequestView of(UpgradeRequest r) {
        return new UpgradeRequestView(
                r.id,
                r.subscriptionId,
                r.fromOfferId,
                r.targetOfferId,
                r.status,
                r.requestedAt,
                r.requestedBy,
                r.effectiveAt,
                r.completedAt,
                r.completionReason,
                r.cancelledAt);
    }
}
