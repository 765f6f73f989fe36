package io.subupgrade.event;

/**
 * Why a subscription is DISABLED: its credit ran out, or its trial ended without an upgrade. The subscription stores
 * it and {@link EventData.SubscriptionDisabled} carries it; it is here, with the event payloads that name it, so that
 * event/ depends on no feature (docs/architecture.md, layout).
 */
public enum DisabledReason {
    CREDIT_EXHAUSTED,
    TRIAL_EXPIRED
}
