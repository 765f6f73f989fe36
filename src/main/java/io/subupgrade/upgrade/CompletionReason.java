package io.subupgrade.upgrade;

/** Why an upgrade took effect: which benefit ran out (or that there were none). */
public enum CompletionReason {
    CREDIT_EXHAUSTED,
    TRIAL_ENDED,
    NO_BENEFITS
}
