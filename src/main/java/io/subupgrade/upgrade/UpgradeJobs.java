package io.subupgrade.upgrade;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.subupgrade.UpgradesConfig;
import io.subupgrade.job.Job;
import io.subupgrade.job.JobBatches;
import io.subupgrade.ops.Metrics;
import io.subupgrade.time.ServiceClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the finalizer and the expiry jobs to the end, one transaction per batch: a crash loses at
 * most the batch in flight, which rolls back whole and is claimed again by the next run. A row a
 * batch cannot process is set aside ({@link JobBatches}) and the rest go on.
 */
@ApplicationScoped
public class UpgradeJobs {
    @Inject
    UpgradeFinalizer finalizer;

    @Inject
    BenefitExpiry expiry;

    @Inject
    TrialNotices notices;

    @Inject
    JobBatches batches;

    @Inject
    ServiceClock clock;

    @Inject
    UpgradesConfig config;

    @Inject
    Metrics metrics;

    /**
     * Credit expiry first (it can make upgrades due), then the finalizer, then trial expiry, then the
     * {@code trial.ending_soon} notices of the trials still running.
     */
    public JobRunResult runAll() {
        int batchSize = config.finalizer().batchSize();
        int expired = 0;
        JobBatches.Ran<BenefitExpiry.Expired> batch;
        BenefitExpiry.Rows credit =
                new BenefitExpiry.Rows(Job.CREDIT_EXPIRY, expiry::expireCredit, expiry::claimExpiringCredit);
        do {
            batch = batches.run(credit, batchSize);
            expired += batch.result().credits();
        } while (batch.claimed() == batchSize);
        int finalized = finalizeDue();
        int disabled = 0;
        BenefitExpiry.Rows trials =
                new BenefitExpiry.Rows(Job.TRIAL_EXPIRY, expiry::disableEndedTrials, expiry::claimEndedTrials);
        do {
            batch = batches.run(trials, batchSize);
            disabled += batch.result().disabled();
            expired += batch.result().credits();
        } while (batch.claimed() == batchSize);
        List<Integer> marks = config.notifications().trialEndingDays();
        int noticed;
        do {
            noticed = inNewTransaction(() -> notices.noticeEndingTrials(clock.now(), marks, batchSize));
        } while (noticed == batchSize);
        return new JobRunResult(finalized, disabled, expired);
    }

    /** Completes every due upgrade request; returns how many this caller completed. */
    public int finalizeDue() {
        int batchSize = config.finalizer().batchSize();
        int total = 0;
        JobBatches.Ran<Integer> batch;
        do {
            batch = metrics.finalizerBatch().record(() -> batches.run(finalizer, batchSize));
            total += batch.result();
        } while (batch.claimed() == batchSize);
        return total;
    }

    private static <T> T inNewTransaction(Supplier<T> work) {
        return QuarkusTransaction.requiringNew().call(work::get);
    }
}
