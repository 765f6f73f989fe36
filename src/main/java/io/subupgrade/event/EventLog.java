package io.subupgrade.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.shared.SessionJdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Appends events in the caller's transaction. Every writer first takes one transaction-scoped
 * advisory lock, so event ids are handed out in commit order: a feed reader that saw id N will
 * never later find an id below N appear. Append events last in a transaction to hold it briefly.
 */
@ApplicationScoped
public class EventLog {
    /** Arbitrary, fixed key of the feed's advisory lock. */
    public static final long FEED_LOCK = 0x5542_4556_454e_5453L;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** An event to append: its type comes with its data. */
    public record NewEvent(UUID subscriptionId, String ownerId, Instant occurredAt, EventData data) {}

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(UUID subscriptionId, String ownerId, Instant occurredAt, EventData data) {
        appendAll(List.of(new NewEvent(subscriptionId, ownerId, occurredAt, data)));
    }

    /**
     * Appends events in list order (their ids follow it) with one statement however many there are:
     * the finalizer and usage batches append hundreds at a time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<NewEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        int n = events.size();
        Object[] types = new Object[n], subscriptions = new Object[n], owners = new Object[n];
        Object[] occurred = new Object[n], data = new Object[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            types[i] = e.data().type().wireName();
            subscriptions[i] = e.subscriptionId();
            owners[i] = e.ownerId();
            occurred[i] = Timestamp.from(e.occurredAt());
            data[i] = toJson(e.data());
        }
        lockFeed();
        SessionJdbc.run(em, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
                            + " SELECT type, subscription_id, owner_id, occurred_at, CAST(data AS jsonb)"
                            + " FROM unnest(?::varchar[], ?::uuid[], ?::varchar[], ?::timestamptz[], ?::text[])"
                            + " WITH ORDINALITY AS e (type, subscription_id, owner_id, occurred_at, data, n)"
                            + " ORDER BY n")) {
                ps.setArray(1, c.createArrayOf("varchar", types));
                ps.setArray(2, c.createArrayOf("uuid", subscriptions));
                ps.setArray(3, c.createArrayOf("varchar", owners));
                ps.setArray(4, c.createArrayOf("timestamptz", occurred));
                ps.setArray(5, c.createArrayOf("text", data));
                return ps.executeUpdate();
            }
        });
    }

    /** Taken by {@link #appendAll}; the set-based writers (the finalizer, the expiry jobs) also take it first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockFeed() {
        // Flush pending entity changes first: once the lock is held nothing may wait on a row lock.
        em.flush();
        SessionJdbc.run(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, FEED_LOCK);
                return ps.execute();
            }
        });
    }

    // The one place event data becomes JSON.
    private String toJson(EventData data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event data must be serializable", e);
        }
    }
}
