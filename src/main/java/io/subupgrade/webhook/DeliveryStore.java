package io.subupgrade.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.event.EventType;
import io.subupgrade.job.Job;
import io.subupgrade.job.SetAsideStore;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import io.subupgrade.web.Cursors;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * All SQL of the webhook deliveries (the outbox rows themselves are written by {@code event/EventLog}).
 */
@ApplicationScoped
public class DeliveryStore {
    private static final TypeReference<List<DeliveryAttempt>> ATTEMPTS = new TypeReference<>() {};

    /**
     * The claim's statement (see {@link #claim}); its parameters: now, now, the limit, the lease's end, now, now.
     */
    private static final String CLAIM = "WITH due AS ("
            + " SELECT d.id, d.endpoint_id, d.event_id FROM webhook_delivery d"
            + " JOIN webhook_endpoint w ON w.id = d.endpoint_id"
            + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= ? AND w.enabled AND"
            + Job.WEBHOOK_DELIVERY.notSetAside("d.id")
            + " AND (d.leased_until IS NULL OR d.leased_until <= ?)"
            // Once per statement (a subquery), not once per candidate row.
            + " AND d.event_id < (SELECT event_feed_horizon())"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.status = 'PENDING'"
            + " AND p.endpoint_id = d.endpoint_id AND p.subscription_id = d.subscription_id"
            + " AND p.event_id < d.event_id)"
            + " ORDER BY d.next_attempt_at LIMIT ? FOR UPDATE OF d SKIP LOCKED)"
            // LEFT JOIN: a delivery whose event is gone (deleted by hand) comes back too, to be set aside.
            // With a plain join it took a place in every claim's LIMIT without ever being leased, and a
            // batch's worth of them left every claim empty: no webhook went out at all.
            + " UPDATE webhook_delivery d SET leased_until = ?"
            + " FROM due JOIN webhook_endpoint w ON w.id = due.endpoint_id LEFT JOIN event e ON e.id = due.event_id"
            + " WHERE d.id = due.id"
            + " RETURNING d.id, d.endpoint_id, w.url, w.secret,"
            + " CASE WHEN w.previous_secret_until > ? THEN w.previous_secret END,"
            + " ARRAY(SELECT r.secret FROM webhook_endpoint_retired_secret r"
            + " WHERE r.endpoint_id = w.id AND r.signs_until > ? ORDER BY r.signs_until DESC),"
            + " e.id, e.type, e.subscription_id, e.occurred_at, CAST(e.data AS text),"
            + " d.failed_attempts, d.manual_retry, due.event_id";

    // Leases taken by a claim on deliveries whose event is gone, given back (the deliveries are set aside).
    private static final String RELEASE_EVENTLESS =
            "UPDATE webhook_delivery SET leased_until = NULL WHERE id = ANY (?)";

    private static final String RECORD = "UPDATE webhook_delivery d SET status = u.status,"
            + " next_attempt_at = u.next_attempt_at, failed_attempts = u.failed_attempts,"
            + " delivered_at = coalesce(u.delivered_at, d.delivered_at), leased_until = NULL,"
            + " manual_retry = false, attempts = d.attempts || jsonb_build_array(CAST(u.attempt AS jsonb))"
            + " FROM unnest(?::uuid[], ?::varchar[], ?::timestamptz[], ?::int[], ?::timestamptz[], ?::text[],"
            + " ?::timestamptz[])"
            + " AS u (id, status, next_attempt_at, failed_attempts, delivered_at, attempt, leased_until)"
            + " WHERE d.id = u.id AND d.leased_until = u.leased_until";

    private static final String RELEASE =
            "UPDATE webhook_delivery SET leased_until = NULL WHERE id = ? AND leased_until = ?";

    private static final String DISABLE_GONE = "UPDATE webhook_endpoint SET enabled = false,"
            + " disabled_reason = 'GONE', version = version + 1 WHERE id = ? AND enabled RETURNING url";

    private static final String QUEUE_RETRY = "UPDATE webhook_delivery SET status = 'PENDING',"
            + " next_attempt_at = ?, manual_retry = true WHERE id = ?";

    private static final String COLUMNS = "SELECT id, endpoint_id, event_id, event_type,"
            + " subscription_id, status, CAST(attempts AS text), next_attempt_at, delivered_at"
            + " FROM webhook_delivery";

    private static final String ONE = COLUMNS + " WHERE id = ? LIMIT ?";

    // An endpoint's deliveries, newest first; %s: the cursor's condition, then the status's, when given.
    private static final Jdbc.Template PAGE = Jdbc.Template.of(
            COLUMNS + " WHERE endpoint_id = ?%s ORDER BY id DESC LIMIT ?", " AND id < ?", " AND status = ?");

    @Inject
    Jdbc jdbc;

    @Inject
    ObjectMapper json;

    @Inject
    SetAsideStore setAside;

    /** A claimed delivery with what its POST needs. */
    public record Claimed(
            UUID id,
            UUID endpointId,
            String url,
            List<String> secrets,
            long eventId,
            String eventType,
            UUID subscriptionId,
            Instant occurredAt,
            String eventData,
            int failedAttempts,
            boolean manualRetry,
            Instant leasedUntil) {}

    /** The new state of a delivery after one attempt. */
    public record Recorded(
            UUID id,
            Instant leasedUntil,
            DeliveryStatus status,
            Instant nextAttemptAt,
            int failedAttempts,
            Instant deliveredAt,
            DeliveryAttempt attempt) {}

    /**
     * Claims up to {@code limit} due deliveries, leasing them until {@code leaseUntil}. A delivery is due when its
     * next attempt has come, no worker holds a lease on it, its endpoint is enabled, its event is below the feed
     * horizon (every earlier event has committed, so an earlier delivery of its subscription cannot still appear),
     * and no earlier delivery of the same subscription to the same endpoint is PENDING: one subscription's
     * deliveries to one endpoint are attempted one at a time, in event id order. A delivery set aside (its attempt
     * could not be made) is not claimed; one whose event no longer exists is set aside here. {@code SKIP LOCKED} lets
     * every instance claim at once without waiting for or taking each other's rows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Claimed> claim(Instant now, Instant leaseUntil, int limit) {
        // A claim that found only deliveries to set aside claims again (their marks, in this transaction, keep them
        // out), so that an empty answer still means nothing is due.
        while (true) {
            ClaimedOnce once = claimOnce(now, leaseUntil, limit);
            if (!once.claimed().isEmpty() || once.setAside() == 0) {
                return once.claimed();
            }
        }
    }

    private record ClaimedOnce(List<Claimed> claimed, int setAside) {}

    private ClaimedOnce claimOnce(Instant now, Instant leaseUntil, int limit) {
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                Timestamp at = Timestamp.from(now);
                ps.setTimestamp(1, at);
                ps.setTimestamp(2, at);
                ps.setInt(3, limit);
                ps.setTimestamp(4, Timestamp.from(leaseUntil));
                ps.setTimestamp(5, at);
                ps.setTimestamp(6, at);
                List<Claimed> claimed = new ArrayList<>();
                Map<UUID, Long> eventless = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getObject(7) == null) { // e.id: the event is gone
                            eventless.put(rs.getObject(1, UUID.class), rs.getLong(14));
                            continue;
                        }
                        claimed.add(new Claimed(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                rs.getString(3),
                                signingSecrets(
                                        rs.getString(4),
                                        (String[]) rs.getArray(6).getArray(),
                                        rs.getString(5)),
                                rs.getLong(7),
                                rs.getString(8),
                                rs.getObject(9, UUID.class),
                                rs.getObject(10, OffsetDateTime.class).toInstant(),
                                rs.getString(11),
                                rs.getInt(12),
                                rs.getBoolean(13),
                                leaseUntil));
                    }
                }
                if (!eventless.isEmpty()) {
                    try (PreparedStatement release = c.prepareStatement(RELEASE_EVENTLESS)) {
                        ArrayOf.UUID.bind(release, 1, eventless.keySet());
                        release.executeUpdate();
                    }
                }
                eventless.forEach((id, eventId) -> setAside.mark(
                        Job.WEBHOOK_DELIVERY, id, "Event " + eventId + " of the delivery no longer exists", now));
                return new ClaimedOnce(claimed, eventless.size());
            }
        });
    }

    /**
     * The secrets a delivery is signed with: the current one, then those rotated out and still signing (newest first),
     * then V8's single previous secret if an instance of before V17 rotated it and it is still signing.
     */
    static List<String> signingSecrets(String current, String[] retired, String legacyPrevious) {
        Set<String> secrets = new LinkedHashSet<>();
        secrets.add(current);
        secrets.addAll(Arrays.asList(retired));
        if (legacyPrevious != null) {
            secrets.add(legacyPrevious);
        }
        return List.copyOf(secrets);
    }

    /**
     * Writes the outcome of attempts (one statement for all of them) and releases their leases. An outcome whose lease
     * is no longer the one its claim took (it ran out and another worker claimed the delivery) is dropped: the newer
     * claim's outcome counts, and an older one never overwrites it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<Recorded> results) {
        if (results.isEmpty()) {
            return;
        }
        int n = results.size();
        Object[] ids = new Object[n], statuses = new Object[n], next = new Object[n], failed = new Object[n];
        Object[] delivered = new Object[n], attempts = new Object[n], leases = new Object[n];
        for (int i = 0; i < n; i++) {
            Recorded r = results.get(i);
            ids[i] = r.id();
            statuses[i] = r.status().name();
            next[i] = r.nextAttemptAt() == null ? null : Timestamp.from(r.nextAttemptAt());
            failed[i] = r.failedAttempts();
            delivered[i] = r.deliveredAt() == null ? null : Timestamp.from(r.deliveredAt());
            attempts[i] = toJson(r.attempt());
            leases[i] = Timestamp.from(r.leasedUntil());
        }
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(RECORD)) {
                ArrayOf.UUID.bind(ps, 1, ids);
                ArrayOf.VARCHAR.bind(ps, 2, statuses);
                ArrayOf.TIMESTAMPTZ.bind(ps, 3, next);
                ArrayOf.INTEGER.bind(ps, 4, failed);
                ArrayOf.TIMESTAMPTZ.bind(ps, 5, delivered);
                ArrayOf.TEXT.bind(ps, 6, attempts);
                ArrayOf.TIMESTAMPTZ.bind(ps, 7, leases);
                return ps.executeUpdate();
            }
        });
    }

    /** Drops the lease {@code leasedUntil} on a delivery; false if it is no longer that lease. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean release(UUID id, Instant leasedUntil) {
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
                ps.setObject(1, id);
                ps.setTimestamp(2, Timestamp.from(leasedUntil));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Disables an endpoint that answered 410 Gone; its url if it was enabled until now, else empty. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> disableGone(UUID endpointId) {
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(DISABLE_GONE)) {
                ps.setObject(1, endpointId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * Queues one more attempt now (POST .../retry). A delivery in flight keeps its lease, so it is not POSTed twice at
     * once; false if there is no such delivery.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean queueRetry(UUID id, Instant now) {
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(QUEUE_RETRY)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setObject(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<WebhookDeliveryView> find(UUID id) {
        List<WebhookDeliveryView> rows = select(ONE, List.of(id), 1);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** An endpoint's deliveries, newest first, through the one page envelope ({@link Page}). */
    public Page<WebhookDeliveryView> list(UUID endpointId, DeliveryStatus status, int limit, String cursor) {
        List<Object> parameters = new ArrayList<>(List.of(endpointId));
        UUID after = Cursors.decodeUuid(cursor);
        if (after != null) {
            parameters.add(after);
        }
        if (status != null) {
            parameters.add(status.name());
        }
        String sql = PAGE.with(after != null, status != null);
        return Page.of(select(sql, parameters, limit + 1), limit, v -> v.id().toString(), v -> v);
    }

    /** The deliveries {@code sql} (one of {@link #ONE}, {@link #PAGE}) selects; its last parameter is the limit. */
    private List<WebhookDeliveryView> select(String sql, List<Object> parameters, int limit) {
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Object p : parameters) {
                    ps.setObject(i++, p);
                }
                ps.setInt(i, limit);
                List<WebhookDeliveryView> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new WebhookDeliveryView(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                rs.getLong(3),
                                EventType.fromWireName(rs.getString(4)),
                                rs.getObject(5, UUID.class),
                                DeliveryStatus.valueOf(rs.getString(6)),
                                attempts(rs.getString(7)),
                                instant(rs, 8),
                                instant(rs, 9)));
                    }
                }
                return rows;
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private List<DeliveryAttempt> attempts(String text) {
        try {
            return json.readValue(text, ATTEMPTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored attempts are not JSON", e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Attempt must be serializable", e);
        }
    }
}
