package io.subupgrade.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.subupgrade.event.EventData.WebhookDisabledReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code WebhookEndpoint} schema of openapi.yaml. {@code secret} is only in the answers of the create and
 * rotate-secret calls; everywhere else it is left out.
 */
public record WebhookEndpointView(
        UUID id,
        String url,
        List<String> eventTypes,
        String description,
        boolean enabled,
        WebhookDisabledReason disabledReason,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    public static WebhookEndpointView of(WebhookEndpoint e) {
        return view(e, null);
    }

    public static WebhookEndpointView withSecret(WebhookEndpoint e) {
        return view(e, e.secret);
    }

    private static WebhookEndpointView view(WebhookEndpoint e, String secret) {
        return new WebhookEndpointView(
                e.id, e.url, List.of(e.eventTypes), e.description, e.enabled, e.disabledReason, e.createdAt, secret);
    }
}
