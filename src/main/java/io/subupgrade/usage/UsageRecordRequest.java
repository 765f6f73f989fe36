package io.subupgrade.usage;

import java.time.Instant;

/** Body of {@code POST /v1/subscriptions/{id}/usage}. */
public record UsageRecordRequest(String eventId, String meterId, String quantity, Instant occurredAt) {}
