package io.subupgrade.invoice;

import io.subupgrade.shared.Money;
import io.subupgrade.web.Languages;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Invoices for the format tests, built from the catalog's real meters (V1 migration) and their prices. */
final class InvoiceSamples {
    static final UUID SUBSCRIPTION = UUID.fromString("0193a8f2-4c1e-7b3a-9d2f-5e6a7b8c9d0e");

    private InvoiceSamples() {}

    /**
     * November 2026: 744 hours of a B1s, 120.5 GB-months of hot blob storage and 15.25 GB out; 5.00 of credit covers
     * part of it. 7.7376 + 2.2172 + 1.32675 = 11.28155 = 5.00 + 0 + 6.28155, due 6.28.
     */
    static InvoiceView finalized(Locale locale) {
        boolean zh = Languages.isChinese(locale);
        return invoice(
                "INV-000042",
                InvoiceStatus.FINALIZED,
                Instant.parse("2026-12-01T00:05:00Z"),
                List.of(
                        line(
                                "vm-b1s-hour",
                                zh ? "虛擬機器 B1s" : "Virtual Machines B1s",
                                "1 Hour",
                                "744",
                                "0.0104",
                                "7.7376"),
                        line(
                                "storage-hot-lrs-gb-month",
                                zh ? "Blob 儲存體經常性存取層 LRS" : "Blob Storage Hot LRS",
                                "1 GB/Month",
                                "120.5",
                                "0.0184",
                                "2.2172"),
                        line(
                                "bandwidth-egress-gb",
                                zh ? "頻寬資料傳出" : "Bandwidth Data Transfer Out",
                                "1 GB",
                                "15.25",
                                "0.087",
                                "1.32675")),
                "11.28155",
                "5.00",
                "0.00",
                "6.28155",
                "6.28");
    }

    static InvoiceView withLines(String number, InvoiceStatus status, List<InvoiceView.Line> lines) {
        return invoice(number, status, null, lines, "0.00", "0.00", "0.00", "0.00", "0.00");
    }

    static InvoiceView invoice(
            String number,
            InvoiceStatus status,
            Instant finalizedAt,
            List<InvoiceView.Line> lines,
            String subtotal,
            String credit,
            String notCharged,
            String total,
            String due) {
        return new InvoiceView(
                UUID.fromString("0193a8f2-4c1e-7b3a-9d2f-000000000042"),
                number,
                SUBSCRIPTION,
                "user-4711",
                status,
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"),
                "USD",
                lines,
                usd(subtotal),
                usd(credit),
                usd(notCharged),
                usd(total),
                usd(due),
                finalizedAt);
    }

    static InvoiceView.Line line(
            String meterId, String description, String unit, String quantity, String unitPrice, String amount) {
        return new InvoiceView.Line(meterId, description, unit, quantity, usd(unitPrice), usd(amount));
    }

    static Money usd(String amount) {
        return new Money(amount, "USD");
    }
}
