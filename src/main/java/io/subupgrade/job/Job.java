package io.subupgrade.job;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The batch jobs that set aside a row they cannot process: the {@code job} of {@code GET /v1/jobs/set-aside} and the
 * tag of {@code subupgrade_job_rows_set_aside_total}. A job is added here, in migration V15's CHECK and in the
 * contract's {@code SetAsideRow.job} together.
 */
public enum Job {
    UPGRADE_FINALIZATION("upgrade-finalization"),
    CREDIT_EXPIRY("credit-expiry"),
    TRIAL_EXPIRY("trial-expiry"),
    INVOICE_FINALIZATION("invoice-finalization"),
    WEBHOOK_DELIVERY("webhook-delivery");

    private static final Map<String, Job> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Job::wireName, Function.identity()));

    private final String wireName;

    Job(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A name this service stored itself; an unknown one is a bug of ours. */
    public static Job ofWireName(String wireName) {
        Job job = BY_WIRE_NAME.get(wireName);
        if (job == null) {
            throw new IllegalArgumentException("No job " + wireName);
        }
        return job;
    }

    /**
     * The condition a claim adds so that the job skips its set-aside rows: {@code rowId} is the claimed row's key
     * (e.g. {@code r.id}). One probe of the unique index {@code job_set_aside_open}, which is almost always empty.
     */
    public String notSetAside(String rowId) {
        return " NOT EXISTS (SELECT 1 FROM job_set_aside x WHERE x.job = '" + wireName + "' AND x.row_id = " + rowId
                + " AND x.retried_at IS NULL)";
    }
}
