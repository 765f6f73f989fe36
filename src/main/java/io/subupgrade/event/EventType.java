package io.subupgrade.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state changes the feed reports, with their wire names. */
public enum EventType {
    SUBSCRIPTION_CREATED("subscription.created"),
    SUBSCRIPTION_UPDATED("subscription.updated"),
    SUBSCRIPTION_DISABLED("subscription.disabled"),
    SUBSCRIPTION_REACTIVATED("subscription.reactivated"),
    UPGRADE_REQUESTED("upgrade.requested"),
    UPGRADE_CANCELLED("upgrade.cancelled"),
    UPGRADE_COMPLETED("upgrade.completed"),
    CREDIT_GRANTED("credit.granted"),
    CREDIT_EXHAUSTED("credit.exhausted"),
    CREDIT_EXPIRED("credit.expired"),
    CREDIT_THRESHOLD_REACHED("credit.threshold_reached"),
    TRIAL_ENDING_SOON("trial.ending_soon"),
    WEBHOOK_ENDPOINT_DISABLED("webhook.endpoint_disabled"),
    INVOICE_FINALIZED("invoice.finalized");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static EventType fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
