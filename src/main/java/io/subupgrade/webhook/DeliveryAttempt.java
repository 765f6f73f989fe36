package io.subupgrade.webhook;

import java.time.Instant;

/** One attempt of a delivery, as {@code WebhookDelivery.attempts[]} shows it and the database keeps it. */
public record DeliveryAttempt(Instant at, Integer statusCode, long durationMs, String error) {}
