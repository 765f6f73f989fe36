package io.subupgrade.invoice;

/** The {@code InvoiceJobResult} schema: how many invoices one run finalized. */
public record InvoiceJobResult(int finalized) {}
