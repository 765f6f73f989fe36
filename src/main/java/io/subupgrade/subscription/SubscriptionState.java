package io.subupgrade.subscription;

public enum SubscriptionState {
    ACTIVE,
    DISABLED,
    CANCELLED
}
