package io.subupgrade.web.idempotency;

import io.subupgrade.shared.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Idempotency-Key rows, through plain JDBC on connections of their own ({@link Jdbc#onOwnConnection}), never the
 * request's session. The claim is made before the request's transaction begins (auto-commit), so a concurrent
 * duplicate sees it the moment it is made and a failed request's rollback cannot undo it; {@link #complete} runs
 * inside the request's transaction when there is one (the pool enlists the connection), so the stored answer commits
 * with the write.
 */
@ApplicationScoped
public class IdempotencyStore {
    /**
     * An IN_FLIGHT claim older than this belongs to an instance that died mid-request; it may be
     * taken over. Far longer than any request (the slowest, a 1000-record batch, takes seconds).
     */
    static final Duration LEASE = Duration.ofMinutes(5);

    /** Keys are kept at least this long (docs/design.md §15). */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final int PURGE_BATCH = 10_000;

    private static final String INSERT = "INSERT INTO idempotency_key"
            + " (caller_id, idempotency_key, fingerprint, canonical_fingerprint, state, claim_token)"
            + " VALUES (?, ?, ?, ?, 'IN_FLIGHT', ?) ON CONFLICT DO NOTHING";

    private static final String INSPECT = "SELECT fingerprint, canonical_fingerprint, state, claim_token,"
            + " claimed_at < now() - make_interval(secs => ?) AS stale,"
            + " status, content_type, content_language, location, etag, body"
            + " FROM idempotency_key WHERE caller_id = ? AND idempotency_key = ?";

    private static final String TAKE_OVER = "UPDATE idempotency_key SET claim_token = ?, claimed_at = now()"
            + " WHERE caller_id = ? AND idempotency_key = ? AND state = 'IN_FLIGHT' AND claim_token = ?";

    private static final String COMPLETE = "UPDATE idempotency_key SET state = 'COMPLETED', completed_at = now(),"
            + " status = ?, content_type = ?, content_language = ?, location = ?, etag = ?, body = ?"
            + " WHERE caller_id = ? AND idempotency_key = ? AND claim_token = ?";

    private static final String RELEASE =
            "DELETE FROM idempotency_key WHERE caller_id = ? AND idempotency_key = ? AND claim_token = ?";

    private static final String PURGE = "DELETE FROM idempotency_key WHERE ctid IN"
            + " (SELECT ctid FROM idempotency_key WHERE created_at < ? LIMIT " + PURGE_BATCH + ")";

    @Inject
    Jdbc jdbc;

    public Claim claim(String caller, String key, RequestFingerprint fingerprint) {
        return jdbc.onOwnConnection(c -> {
            // A row can vanish between the INSERT and the SELECT (its request failed and released
            // it); then simply try again.
            for (int attempt = 0; attempt < 3; attempt++) {
                UUID token = UUID.randomUUID();
                if (insert(c, caller, key, fingerprint, token)) {
                    return new Claim.Claimed(token);
                }
                Claim existing = inspect(c, caller, key, fingerprint);
                if (existing != null) {
                    return existing;
                }
            }
            return new Claim.InUse();
        });
    }

    public void complete(String caller, String key, UUID token, StoredResponse r) {
        update(
                COMPLETE,
                r.status(),
                r.contentType(),
                r.contentLanguage(),
                r.location(),
                r.etag(),
                r.body(),
                caller,
                key,
                token);
    }

    /** Forgets a claim whose request failed, so the client can retry with the same key. */
    public void release(String caller, String key, UUID token) {
        update(RELEASE, caller, key, token);
    }

    /** Deletes keys created before {@code now - RETENTION}, in batches so no statement runs long. */
    public int purge(Instant now) {
        Timestamp cutoff = Timestamp.from(now.minus(RETENTION));
        int total = 0;
        int deleted;
        do {
            deleted = update(PURGE, cutoff);
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    private static boolean insert(Connection c, String caller, String key, RequestFingerprint fingerprint, UUID token)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, caller);
            ps.setString(2, key);
            ps.setBytes(3, fingerprint.bytes());
            ps.setBytes(4, fingerprint.meaning());
            ps.setObject(5, token);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The verdict on a key someone else holds, or null if the row is gone. A row with a canonical fingerprint is
     * compared by meaning; one without (stored before V17, or by an instance of before it during a rolling update) by
     * the bytes fingerprint, the only one it has: the very same bytes are a replay, anything else is a 422, as when it
     * was stored. Never a replay of a changed request; at worst, within the keys' 24 h, a reordered retry of an old
     * key is refused as it was before.
     */
    private static Claim inspect(Connection c, String caller, String key, RequestFingerprint fingerprint)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSPECT)) {
            ps.setLong(1, LEASE.toSeconds());
            ps.setString(2, caller);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                byte[] canonical = rs.getBytes("canonical_fingerprint");
                boolean same = canonical != null
                        ? MessageDigest.isEqual(fingerprint.meaning(), canonical)
                        : MessageDigest.isEqual(fingerprint.bytes(), rs.getBytes("fingerprint"));
                if (!same) {
                    return new Claim.Reused();
                }
                if ("COMPLETED".equals(rs.getString("state"))) {
                    return new Claim.Replay(new StoredResponse(
                            rs.getInt("status"),
                            rs.getString("content_type"),
                            rs.getString("content_language"),
                            rs.getString("location"),
                            rs.getString("etag"),
                            rs.getBytes("body")));
                }
                if (rs.getBoolean("stale")) {
                    return takeOver(c, caller, key, rs.getObject("claim_token", UUID.class));
                }
                return new Claim.InUse();
            }
        }
    }

    /** Takes over an abandoned claim; only one of several concurrent retries wins it. */
    private static Claim takeOver(Connection c, String caller, String key, UUID staleToken) throws SQLException {
        UUID token = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement(TAKE_OVER)) {
            ps.setObject(1, token);
            ps.setString(2, caller);
            ps.setString(3, key);
            ps.setObject(4, staleToken);
            return ps.executeUpdate() == 1 ? new Claim.Claimed(token) : new Claim.InUse();
        }
    }

    /** One statement on a connection of its own: enlisted in the caller's transaction when there is one. */
    private int update(String sql, Object... params) {
        return jdbc.onOwnConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }
}
