package io.subupgrade.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.subupgrade.web.Problem;

/** The outcome for one record of a batch, at its index. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageBatchResult(int index, Status status, UsageRecordView record, Problem problem) {
    /** A status added here is added to {@code ops/Metrics.UsageStatus}, the metric's tag, too. */
    public enum Status {
        CREATED,
        DUPLICATE,
        REJECTED
    }
}
