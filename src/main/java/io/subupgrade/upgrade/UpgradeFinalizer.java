package io.subupgrade.upgrade;

import io.subupgrade.shared.SessionJdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Completes one batch of due PENDING upgrade requests. Several instances run it against one
 * database: SKIP LOCKED hands each its own requests, so none is completed twice and nobody waits.
 */
@ApplicationScoped
public class UpgradeFinalizer {
    // Locks the subscription with its request, in the order every writer uses; a subscription
    // busy with usage is skipped this round rather than waited for.
    private static final String CLAIM = "SELECT r.id FROM upgrade_request r"
            + " JOIN subscription s ON s.id = r.subscription_id"
            + " WHERE r.status = 'PENDING' AND r.due_at <= ?"
            + " ORDER BY r.due_at LIMIT ?"
            + " FOR UPDATE OF r, s SKIP LOCKED";

    @Inject
    EntityManager em;

    @Inject
    UpgradeCompletion completion;

    /**
     * Claims at most {@code batchSize} due requests and completes them; returns how many it completed (a claimed
     * request that is no longer PENDING is skipped, so this may be fewer than were claimed).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int finalizeBatch(Instant now, int batchSize) {
        // Plain JDBC, as in UpgradeCompletion: up to batchSize ids come back.
        List<UUID> claimed = SessionJdbc.run(em, c -> {
            List<UUID> ids = new ArrayList<>(batchSize);
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                ps.setObject(1, now.atOffset(ZoneOffset.UTC));
                ps.setInt(2, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
        UpgradeCompletion.Applied applied = completion.apply(claimed, now);
        completion.writeEvents(applied);
        return applied.count();
    }
}
