package io.subupgrade.webhook;

import io.subupgrade.web.Text;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code PATCH /v1/webhook-endpoints/{id}}: the fields given change, the others stay. An empty description clears
 * it; {@code enabled: true} re-enables an endpoint a 410 disabled, and its pending deliveries resume in order.
 */
public record WebhookEndpointPatch(
        @Size(min = 1, max = 2048) String url,
        @Size(min = 1, max = 32) List<@NotNull @Size(max = 40) String> eventTypes,
        @Text(max = 500) String description,
        Boolean enabled) {}
