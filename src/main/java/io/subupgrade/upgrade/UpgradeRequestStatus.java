package io.subupgrade.upgrade;

public enum UpgradeRequestStatus {
    PENDING,
    COMPLETED,
    CANCELLED
}
