package io.subupgrade.webhook;

import io.subupgrade.event.EventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code WebhookDelivery} schema of openapi.yaml. */
public record WebhookDeliveryView(
        UUID id,
        UUID endpointId,
        long eventId,
        EventType eventType,
        UUID subscriptionId,
        DeliveryStatus status,
        List<DeliveryAttempt> attempts,
        Instant nextAttemptAt,
        Instant deliveredAt) {}
