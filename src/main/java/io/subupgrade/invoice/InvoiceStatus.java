package io.subupgrade.invoice;

/** DRAFT while the period is open or within the grace after it; FINALIZED (numbered, immutable) after. */
public enum InvoiceStatus {
    DRAFT,
    FINALIZED
}
