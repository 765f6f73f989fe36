package io.subupgrade.ops;

import io.quarkus.scheduler.Scheduled;
import io.subupgrade.time.ServiceClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Sets the backlog gauges from the database every {@code upgrades.metrics.backlog-every} ({@code off} disables it),
 * not on every scrape: several Prometheus servers, or a fast scrape interval, must not turn into database load. Both
 * counts read only a partial index that holds just the PENDING rows (upgrade_request_due, webhook_delivery_due), so
 * they cost in proportion to the backlog, not to the tables. Every instance reports the same, cluster-wide, figures.
 */
@ApplicationScoped
public class BacklogGauges {
    private static final Logger LOG = Logger.getLogger(BacklogGauges.class);

    // Due as the finalizer claims them (UpgradeFinalizer.CLAIM): PENDING with due_at come.
    private static final String REQUESTS_DUE =
            "SELECT count(*) FROM upgrade_request WHERE status = 'PENDING' AND due_at <= ?1";
    private static final String DELIVERIES_PENDING = "SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING'";

    @Inject
    EntityManager em;

    @Inject
    ServiceClock clock;

    @Inject
    Metrics metrics;

    @Scheduled(
            identity = "metrics-backlog",
            every = "${upgrades.metrics.backlog-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The gauges keep their last values; a scrape still answers.
            LOG.warnf(e, "Backlog metrics failed; retrying at the next run");
        }
    }

    /** Reads both counts now and sets the gauges. */
    @Transactional
    public void refresh() {
        long due = ((Number) em.createNativeQuery(REQUESTS_DUE)
                        .setParameter(1, clock.now().atOffset(ZoneOffset.UTC))
                        .getSingleResult())
                .longValue();
        long pending = ((Number) em.createNativeQuery(DELIVERIES_PENDING).getSingleResult()).longValue();
        metrics.backlog(due, pending);
    }
}
