package io.subupgrade.webhook;

/** What one delivery pass did (POST /v1/jobs/webhook-delivery): attempts that succeeded, gave up, will retry. */
public record DeliveryRunResult(int delivered, int failed, int retried) {
    DeliveryRunResult plus(DeliveryRunResult other) {
        return new DeliveryRunResult(delivered + other.delivered, failed + other.failed, retried + other.retried);
    }
}
