package io.subupgrade.usage;

import io.subupgrade.shared.Money;
import java.util.UUID;

/** The {@code CostSummary} schema of openapi.yaml. */
public record CostSummaryView(
        UUID subscriptionId,
        String currency,
        Money usageCost,
        Money coveredByCredit,
        Money billable,
        Money notCharged,
        Money creditRemaining) {}
