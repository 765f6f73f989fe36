package io.subupgrade.subscription;

import io.subupgrade.event.DisabledReason;
import io.subupgrade.offer.SpendingLimit;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Caller;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.time.ServiceClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * {@code GET /v1/subscriptions/{id}}, the hottest read, in plain JDBC on an autocommit connection of its own:
 * one indexed SELECT with the credit sums joined laterally, and nothing else. Through Hibernate (session,
 * persistence context, entity copy for dirty checking, a JTA interceptor) the service spent more CPU around
 * its statements than PostgreSQL spent running them (bench/, JFR). It was two SELECTs, row then sums: on a
 * CPU profile of the GET under load a third of the request threads' time was the kernel's socket writes and
 * reads to PostgreSQL, so one round trip instead of two is the largest cut left. Writes stay with Hibernate.
 */
@ApplicationScoped
public class SubscriptionReads {
    /** One subscription's representation and the ETag of that version. */
    public record Found(SubscriptionView view, String etag) {}

    /** Parameters: "now" (the credit sums'), then the id. */
    static final String SUBSCRIPTION = "SELECT s.id, s.owner_id, s.display_name, s.offer_id, s.state,"
            + " s.disabled_reason, s.spending_limit, s.created_at, s.trial_ends_at, s.pending_upgrade_request_id,"
            + " s.currency, s.version, " + CreditTotals.Columns.LIST + " FROM subscription s"
            + CreditTotals.LATERAL_OF_SUBSCRIPTION + " WHERE s.id = ?";

    @Inject
    Jdbc jdbc;

    @Inject
    ServiceClock clock;

    @Inject
    Caller caller;

    /**
     * The subscription's representation with its credit and its ETag, read in one statement on an autocommit
     * connection (no entity, no persistence context), if the caller may see it; another account's is "not found",
     * never "forbidden". To change the subscription, {@link SubscriptionService#visibleEntity} loads the entity.
     */
    public Found visibleView(UUID id) {
        Found found = jdbc.onOwnConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(SUBSCRIPTION)) {
                ps.setObject(1, clock.now().atOffset(ZoneOffset.UTC));
                ps.setObject(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? found(rs) : null;
                }
            }
        });
        if (found == null || !caller.canSee(found.view().ownerId())) {
            throw ProblemException.notFound("Subscription " + id);
        }
        return found;
    }

    /**
     * The row as a detached {@link Subscription}, never managed by Hibernate, and its credit: the representation is
     * then built by {@link SubscriptionView#of}, the one mapping the list and every write's answer use as well.
     */
    private static Found found(ResultSet rs) throws SQLException {
        Subscription s = new Subscription();
        s.id = rs.getObject("id", UUID.class);
        s.ownerId = rs.getString("owner_id");
        s.displayName = rs.getString("display_name");
        s.offerId = rs.getString("offer_id");
        s.state = SubscriptionState.valueOf(rs.getString("state"));
        String disabled = rs.getString("disabled_reason");
        s.disabledReason = disabled == null ? null : DisabledReason.valueOf(disabled);
        s.spendingLimit = SpendingLimit.valueOf(rs.getString("spending_limit"));
        s.createdAt = instant(rs, "created_at");
        s.trialEndsAt = instant(rs, "trial_ends_at");
        s.pendingUpgradeRequestId = rs.getObject("pending_upgrade_request_id", UUID.class);
        s.currency = rs.getString("currency");
        s.version = rs.getLong("version");
        return new Found(SubscriptionView.of(s, CreditTotals.of(rs)), s.etag());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
