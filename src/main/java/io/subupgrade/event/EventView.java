package io.subupgrade.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** The {@code Event} schema of openapi.yaml. */
public record EventView(long id, EventType type, UUID subscriptionId, Instant occurredAt, JsonNode data) {}
