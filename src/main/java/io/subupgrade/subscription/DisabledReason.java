package io.subupgrade.subscription;

public enum DisabledReason {
    CREDIT_EXHAUSTED,
    TRIAL_EXPIRED
}
