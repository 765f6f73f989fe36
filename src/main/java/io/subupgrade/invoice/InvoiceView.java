package io.subupgrade.invoice;

import io.subupgrade.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code Invoice} schema of openapi.yaml, in one language (the lines' descriptions follow Accept-Language).
 *
 * @param id null only for an upcoming invoice of a period without usage yet (no row exists)
 * @param number {@code INV-000042}; null while DRAFT
 */
public record InvoiceView(
        UUID id,
        String number,
        UUID subscriptionId,
        String ownerId,
        InvoiceStatus status,
        Instant periodStart,
        Instant periodEnd,
        String currency,
        List<Line> lines,
        Money subtotal,
        Money creditApplied,
        Money notCharged,
        Money total,
        Money amountDue,
        Instant finalizedAt) {

    /** A line per (meter, unit price): {@code amount} is the exact cost of the line's usage. */
    public record Line(
            String meterId, String description, String unit, String quantity, Money unitPrice, Money amount) {}
}
