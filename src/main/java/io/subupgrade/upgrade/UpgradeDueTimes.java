package io.subupgrade.upgrade;

import io.subupgrade.shared.SessionJdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/**
 * Moves a pending upgrade's due time when the credit runs out, so the finalizer finds it through
 * its partial index and completes it with {@code effectiveAt} = the instant the credit hit zero.
 */
@ApplicationScoped
public class UpgradeDueTimes {
    @Inject
    EntityManager em;

    /** The credit of these subscriptions reached zero at {@code at}; returns how many requests became due. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int creditRanOut(Collection<UUID> subscriptionIds, Instant at) {
        if (subscriptionIds.isEmpty()) {
            return 0;
        }
        OffsetDateTime due = at.atOffset(ZoneOffset.UTC);
        return SessionJdbc.run(em, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE upgrade_request SET due_at = ?, due_reason = 'CREDIT_EXHAUSTED'"
                            + " WHERE subscription_id = ANY (?) AND status = 'PENDING'"
                            + " AND (due_at IS NULL OR due_at > ?)")) {
                ps.setObject(1, due);
                ps.setArray(2, c.createArrayOf("uuid", subscriptionIds.toArray()));
                ps.setObject(3, due);
                return ps.executeUpdate();
            }
        });
    }
}
