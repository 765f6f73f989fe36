package io.subupgrade.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.shared.SessionJdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
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

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventType type, UUID subscriptionId, String ownerId, Instant occurredAt, Map<String, ?> data) {
        lockFeed();
        em.createNativeQuery("INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
                        + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb))")
                .setParameter(1, type.wireName())
                .setParameter(2, subscriptionId)
                .setParameter(3, ownerId)
                .setParameter(4, occurredAt)
                .setParameter(5, toJson(data))
                .executeUpdate();
    }

    /** For set-based writers (the finalizer) that insert events with their own SQL. */
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

    private String toJson(Map<String, ?> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event data must be serializable", e);
        }
    }
}
