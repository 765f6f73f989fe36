package io.subupgrade.webhook;

import io.subupgrade.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/webhook-endpoints}. */
public record WebhookEndpointRequest(
        @NotBlank @Size(max = 2048) String url,
        @NotEmpty @Size(max = 32) List<@NotNull @Size(max = 40) String> eventTypes,
        @Text(max = 500) String description) {}
