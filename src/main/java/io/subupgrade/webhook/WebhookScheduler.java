package io.subupgrade.webhook;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Delivers webhooks every {@code upgrades.webhooks.every} ({@code off} disables it); safe on every instance. */
@ApplicationScoped
public class WebhookScheduler {
    private static final Logger LOG = Logger.getLogger(WebhookScheduler.class);

    @Inject
    WebhookDeliveries deliveries;

    @Scheduled(
            identity = "webhook-delivery",
            every = "${upgrades.webhooks.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            DeliveryRunResult r = deliveries.runPass();
            if (r.delivered() + r.failed() + r.retried() > 0) {
                LOG.debugf("Webhooks: %d delivered, %d failed, %d to retry", r.delivered(), r.failed(), r.retried());
            }
        } catch (RuntimeException e) {
            // Claimed deliveries keep their lease and are attempted again when it runs out.
            LOG.warnf(e, "Webhook delivery pass failed; retrying at the next run");
        }
    }
}
