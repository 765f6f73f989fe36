package io.subupgrade.usage;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /v1/usage-batches}: the ingestion path of metering pipelines. */
public record UsageBatchRequest(
        @NotNull @Size(min = 1, max = UsageBatchRequest.MAX_RECORDS, message = "must hold 1 to 1000 records")
        List<@NotNull Record> records) {
    public static final int MAX_RECORDS = 1000;

    public record Record(UUID subscriptionId, String eventId, String meterId, String quantity, Instant occurredAt) {
        UsageInput toInput() {
            return new UsageInput(subscriptionId, eventId, meterId, quantity, occurredAt);
        }
    }
}
