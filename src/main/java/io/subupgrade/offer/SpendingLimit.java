package io.subupgrade.offer;

/** ON: usage beyond the credit is not charged and disables the subscription. OFF: it is billed. */
public enum SpendingLimit {
    ON,
    OFF
}
