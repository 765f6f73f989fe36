package io.subupgrade.subscription;

import io.agroal.api.AgroalDataSource;
import io.subupgrade.benefit.CreditTotals;
import io.subupgrade.offer.SpendingLimit;
import io.subupgrade.security.Caller;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/subscriptions/{id}}, the hottest read, in plain JDBC on an autocommit connection:
 * two indexed SELECTs and nothing else. Through Hibernate (session, persistence context, entity
 * copy for dirty checking, a JTA interceptor) the service spent more CPU around these two
 * statements than PostgreSQL spent running them (bench/, JFR). Writes stay with Hibernate.
 */
@ApplicationScoped
public class SubscriptionReads {
    /** One subscription's representation and the ETag of that version. */
    public record Found(SubscriptionView view, String etag) {}

    static final String SUBSCRIPTION = "SELECT id, owner_id, display_name, offer_id, state, disabled_reason,"
            + " spending_limit, created_at, trial_ends_at, pending_upgrade_request_id, currency, version"
            + " FROM subscription WHERE id = ?";

    @Inject
    AgroalDataSource db;

    @Inject
    ServiceClock clock;

    @Inject
    Caller caller;

    /** The subscription if the caller may see it; another account's is "not found", never "forbidden". */
    public Found visible(UUID id) {
        try (Connection c = db.getConnection()) {
            Subscription s = subscription(c, id);
            if (s == null || !caller.canSee(s.ownerId)) {
                throw ProblemException.notFound("Subscription " + id);
            }
            return new Found(SubscriptionView.of(s, credit(c, id)), s.etag());
        } catch (SQLException e) {
            throw new IllegalStateException("Reading subscription " + id + " failed", e);
        }
    }

    /**
     * The row as a detached {@link Subscription}, never managed by Hibernate: the representation is then built by
     * {@link SubscriptionView#of}, the one mapping the list and every write's answer use as well.
     */
    private static Subscription subscription(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SUBSCRIPTION)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
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
                return s;
            }
        }
    }

    private CreditTotals credit(Connection c, UUID id) throws SQLException {
        return CreditTotals.sums(c, List.of(id), clock.now()).get(id);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
