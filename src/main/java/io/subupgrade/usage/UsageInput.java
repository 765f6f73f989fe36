package io.subupgrade.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * One usage record as received, single or in a batch. Fields are checked by {@link UsageRules}
 * rather than bean validation, so that a bad record in a batch is rejected on its own.
 */
public record UsageInput(UUID subscriptionId, String eventId, String meterId, String quantity, Instant occurredAt) {}
