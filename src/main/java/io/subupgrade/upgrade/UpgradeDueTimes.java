package io.subupgrade.upgrade;

import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    // Parameters: the due time, the subscriptions, the due time again.
    private static final String CREDIT_RAN_OUT =
            "UPDATE upgrade_request SET due_at = ?, due_reason = 'CREDIT_EXHAUSTED'"
                    + " WHERE subscription_id = ANY (?) AND status = 'PENDING'"
                    + " AND (due_at IS NULL OR due_at > ?)";

    @Inject
    Jdbc jdbc;

    /** The credit of these subscriptions reached zero at {@code at}; returns how many requests became due. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int creditRanOut(Collection<UUID> subscriptionIds, Instant at) {
        if (subscriptionIds.isEmpty()) {
            return 0;
        }
        OffsetDateTime due = at.atOffset(ZoneOffset.UTC);
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(CREDIT_RAN_OUT)) {
                ps.setObject(1, due);
                ArrayOf.UUID.bind(ps, 2, subscriptionIds);
                ps.setObject(3, due);
                return ps.executeUpdate();
            }
        });
    }
}
