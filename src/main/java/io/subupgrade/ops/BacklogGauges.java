package io.subupgrade.ops;

import io.quarkus.scheduler.Scheduled;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.time.ServiceClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    // Both counts in one statement. Requests due as the finalizer claims them (UpgradeFinalizer.CLAIM): PENDING with
    // due_at come; its parameter is "now".
    private static final String COUNTS = "SELECT"
            + " (SELECT count(*) FROM upgrade_request WHERE status = 'PENDING' AND due_at <= ?),"
            + " (SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING')";

    @Inject
    Jdbc jdbc;

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
        long[] counts = jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(COUNTS)) {
                ps.setObject(1, clock.now().atOffset(ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
        metrics.backlog(counts[0], counts[1]);
    }
}
