package io.subupgrade.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Appends events in the caller's transaction, without any lock: the database gives each event an id
 * derived from its transaction id, and the feed exposes only ids below the oldest transaction still
 * in flight (migration V6, {@link EventFeed}), so writers never wait for each other and a reader
 * never skips an event that commits late.
 */
@ApplicationScoped
public class EventLog {
    // In list order: the events' ids follow it.
    private static final String APPEND = "INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
            + " SELECT type, subscription_id, owner_id, occurred_at, CAST(data AS jsonb)"
            + " FROM unnest(?::varchar[], ?::uuid[], ?::varchar[], ?::timestamptz[], ?::text[])"
            + " WITH ORDINALITY AS e (type, subscription_id, owner_id, occurred_at, data, n)"
            + " ORDER BY n";

    @Inject
    Jdbc jdbc;

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
     * the finalizer and usage batches append hundreds at a time. The statement's trigger (migration V9) writes the
     * webhook outbox: a PENDING delivery per event and enabled endpoint subscribed to its type (docs/design.md
     * §12), so an event and its deliveries commit together or not at all; with no enabled endpoint it costs one
     * index probe.
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
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(APPEND)) {
                ArrayOf.VARCHAR.bind(ps, 1, types);
                ArrayOf.UUID.bind(ps, 2, subscriptions);
                ArrayOf.VARCHAR.bind(ps, 3, owners);
                ArrayOf.TIMESTAMPTZ.bind(ps, 4, occurred);
                ArrayOf.TEXT.bind(ps, 5, data);
                return ps.executeUpdate();
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
