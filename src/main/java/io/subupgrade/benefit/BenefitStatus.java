package io.subupgrade.benefit;

public enum BenefitStatus {
    ACTIVE,
    EXHAUSTED,
    EXPIRED
}
