package io.subupgrade.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.security.Caller;
import io.subupgrade.shared.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the feed in id order; customers see only the events of their own subscriptions. Events of
 * this database's transactions still in flight, and every later id, stay hidden until those finish, so
 * the visible feed only grows at its end; transactions in other databases of the server hold nothing up.
 */
@ApplicationScoped
public class EventFeed {
    // Only ids below the oldest transaction of this database still in flight: see migrations V6 and V16. The subquery
    // computes the horizon once per statement, never once per row. %s: the filters given (owner, subscription, type).
    private static final Jdbc.Template FEED = Jdbc.Template.of(
            "SELECT id, type, subscription_id, occurred_at, CAST(data AS text) FROM event"
                    + " WHERE id > ? AND id < (SELECT event_feed_horizon())%s ORDER BY id LIMIT ?",
            " AND owner_id = ?", " AND subscription_id = ?", " AND type = ?");

    @Inject
    Jdbc jdbc;

    @Inject
    ObjectMapper json;

    @Inject
    Caller caller;

    public EventList read(long after, int limit, UUID subscriptionId, EventType type) {
        boolean ownOnly = !caller.isOperator();
        String sql = FEED.with(ownOnly, subscriptionId != null, type != null);
        List<Object> parameters = new ArrayList<>();
        parameters.add(after);
        if (ownOnly) {
            parameters.add(caller.accountId());
        }
        if (subscriptionId != null) {
            parameters.add(subscriptionId);
        }
        if (type != null) {
            parameters.add(type.wireName());
        }
        parameters.add(limit);
        List<EventView> events = jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    ps.setObject(i + 1, parameters.get(i));
                }
                List<EventView> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new EventView(
                                rs.getLong(1),
                                EventType.fromWireName(rs.getString(2)),
                                rs.getObject(3, UUID.class),
                                rs.getObject(4, OffsetDateTime.class).toInstant(),
                                parse(rs.getString(5))));
                    }
                }
                return rows;
            }
        });
        return EventList.of(events);
    }

    private com.fasterxml.jackson.databind.JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event data is not JSON", e);
        }
    }
}
