package io.subupgrade.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Appends events in the caller's transaction, without any lock: the database gives each event an id
 * derived from its transaction id, and the feed exposes only ids below the oldest transaction still
 * in flight (migration V6, {@link EventFeed}), so writers never wait for each other and a reader
 * never skips an event that commits late.
 */
@ApplicationScoped
public class EventLog {
    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventType type, UUID subscriptionId, String ownerId, Instant occurredAt, Map<String, ?> data) {
        em.createNativeQuery("INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
                        + " VALUES (?1, ?2, ?3, ?4, CAST(?5 AS jsonb))")
                .setParameter(1, type.wireName())
                .setParameter(2, subscriptionId)
                .setParameter(3, ownerId)
                .setParameter(4, occurredAt)
                .setParameter(5, toJson(data))
                .executeUpdate();
    }

    private String toJson(Map<String, ?> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event data must be serializable", e);
        }
    }
}
