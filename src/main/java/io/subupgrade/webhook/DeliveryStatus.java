package io.subupgrade.webhook;

public enum DeliveryStatus {
    /** Not yet delivered, attempts left. */
    PENDING,
    DELIVERED,
    /** The last attempt of the schedule (or a 410, or a manual retry) failed. */
    FAILED
}
