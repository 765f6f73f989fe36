package io.subupgrade.event;

/**
 * Why an upgrade took effect: which benefit ran out (or that there were none). The upgrade request stores it and
 * {@link EventData.UpgradeCompleted} carries it; it is here, with the event payloads that name it, so that event/
 * depends on no feature (docs/architecture.md, layout).
 */
public enum CompletionReason {
    CREDIT_EXHAUSTED,
    TRIAL_ENDED,
    NO_BENEFITS
}
