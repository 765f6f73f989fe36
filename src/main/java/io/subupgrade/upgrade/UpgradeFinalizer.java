package io.subupgrade.upgrade;

import io.subupgrade.job.Job;
import io.subupgrade.job.JobBatches;
import io.subupgrade.shared.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Completes one batch of due PENDING upgrade requests. Several instances run it against one database: SKIP LOCKED hands
 * each its own requests, so none is completed twice and nobody waits. A request that cannot be completed is set aside
 * through {@link JobBatches} and skipped by the claim until an operator retries it.
 */
@ApplicationScoped
public class UpgradeFinalizer implements JobBatches.CountedRows {
    // Locks the subscription with its request, in the order every writer uses; a subscription
    // busy with usage is skipped this round rather than waited for.
    // %s: the condition that picks one request, or nothing.
    private static final Jdbc.Template CLAIM = Jdbc.Template.of(
            "SELECT r.id FROM upgrade_request r"
                    + " JOIN subscription s ON s.id = r.subscription_id"
                    + " WHERE r.status = 'PENDING' AND r.due_at <= ? AND" + Job.UPGRADE_FINALIZATION.notSetAside("r.id")
                    + " %s ORDER BY r.due_at LIMIT ?"
                    + " FOR UPDATE OF r, s SKIP LOCKED",
            "AND r.id = ?");

    @Inject
    Jdbc jdbc;

    @Inject
    UpgradeCompletion completion;

    @Override
    public Job job() {
        return Job.UPGRADE_FINALIZATION;
    }

    /**
     * Claims at most {@code batchSize} due requests (or only {@code only}) and completes them; returns how many it
     * completed (a claimed request that is no longer PENDING is skipped, so this may be fewer than were claimed).
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Integer process(Instant now, int batchSize, UUID only) {
        UpgradeCompletion.Applied applied = completion.apply(claim(now, batchSize, only), now);
        completion.writeEvents(applied);
        return applied.count();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> claim(Instant now, int batchSize, UUID only) {
        // Plain JDBC, as in UpgradeCompletion: up to batchSize ids come back.
        return jdbc.onSessionConnection(
                c -> JobBatches.claimIds(c, CLAIM, now.atOffset(ZoneOffset.UTC), only, batchSize));
    }
}
