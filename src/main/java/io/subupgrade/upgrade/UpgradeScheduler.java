package io.subupgrade.upgrade;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs the jobs at {@code upgrades.finalizer.every}; the value {@code off} disables it (the Quarkus
 * scheduler treats "off" and "disabled" as "never"). Safe on every instance of the service.
 */
@ApplicationScoped
public class UpgradeScheduler {
    private static final Logger LOG = Logger.getLogger(UpgradeScheduler.class);

    @Inject
    UpgradeJobs jobs;

    @Scheduled(
            identity = "upgrade-finalizer",
            every = "${upgrades.finalizer.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            JobRunResult result = jobs.runAll();
            if (result.finalized() + result.disabled() + result.expired() > 0) {
                LOG.infof(
                        "Upgrade jobs: %d finalized, %d disabled, %d credits expired",
                        result.finalized(), result.disabled(), result.expired());
            }
        } catch (RuntimeException e) {
            // The failed batch rolled back whole; the next run claims it again.
            LOG.warnf(e, "Upgrade jobs failed; retrying at the next run");
        }
    }
}
