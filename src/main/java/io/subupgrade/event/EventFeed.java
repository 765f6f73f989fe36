package io.subupgrade.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the feed in id order; customers see only the events of their own subscriptions. Events of
 * transactions still in flight, and every later id, stay hidden until those finish, so the visible
 * feed only grows at its end.
 */
@ApplicationScoped
public class EventFeed {
    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Caller caller;

    public EventList read(long after, int limit, UUID subscriptionId, EventType type) {
        StringBuilder sql =
                new StringBuilder("SELECT id, type, subscription_id, occurred_at, CAST(data AS text) FROM event"
                        // Only ids below the oldest transaction still in flight: see migration V6.
                        + " WHERE id > :after AND id < event_feed_horizon()");
        if (!caller.isOperator()) {
            sql.append(" AND owner_id = :owner");
        }
        if (subscriptionId != null) {
            sql.append(" AND subscription_id = :subscription");
        }
        if (type != null) {
            sql.append(" AND type = :type");
        }
        sql.append(" ORDER BY id LIMIT :limit");
        Query query = em.createNativeQuery(sql.toString())
                .setParameter("after", after)
                .setParameter("limit", limit);
        if (!caller.isOperator()) {
            query.setParameter("owner", caller.accountId());
        }
        if (subscriptionId != null) {
            query.setParameter("subscription", subscriptionId);
        }
        if (type != null) {
            query.setParameter("type", type.wireName());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<EventView> events = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            events.add(new EventView(
                    ((Number) row[0]).longValue(),
                    EventType.fromWireName((String) row[1]),
                    (UUID) row[2],
                    instant(row[3]),
                    parse((String) row[4])));
        }
        return EventList.of(events);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private com.fasterxml.jackson.databind.JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event data is not JSON", e);
        }
    }
}
