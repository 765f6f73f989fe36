package io.subupgrade.invoice;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/** The media types an invoice is served in, chosen from the request's Accept header. */
public enum InvoiceFormat {
    JSON(MediaType.APPLICATION_JSON_TYPE),
    CSV(MediaType.valueOf(InvoiceFormat.CSV_TYPE)),
    PDF(MediaType.valueOf(InvoiceFormat.PDF_TYPE));

    public static final String CSV_TYPE = "text/csv";
    public static final String PDF_TYPE = "application/pdf";

    private final MediaType type;

    InvoiceFormat(MediaType type) {
        this.type = type;
    }

    /**
     * The first acceptable type (they come sorted by preference) that an invoice is served in; JSON for wildcards
     * and for no Accept header. A range with {@code q=0} means "not this".
     */
    public static InvoiceFormat negotiate(List<MediaType> acceptable) {
        if (acceptable.isEmpty()) {
            return JSON;
        }
        for (MediaType range : acceptable) {
            if (refused(range)) {
                continue;
            }
            for (InvoiceFormat f : values()) {
                if (range.isCompatible(f.type)) {
                    return f;
                }
            }
        }
        throw new NotAcceptableException();
    }

    private static boolean refused(MediaType range) {
        String q = range.getParameters().get("q");
        try {
            return q != null && Double.parseDouble(q) <= 0;
        } catch (NumberFormatException e) {
            return false; // an unreadable weight is no weight
        }
    }

    Response respond(InvoiceView invoice, Locale locale) {
        return switch (this) {
            case JSON -> Response.ok(invoice, type).language(locale).build();
            case CSV -> download(InvoiceCsv.render(invoice, locale), type + "; charset=UTF-8", invoice, "csv", locale);
            case PDF -> download(InvoicePdf.render(invoice, locale), type.toString(), invoice, "pdf", locale);
        };
    }

    private static Response download(Object body, String type, InvoiceView invoice, String extension, Locale locale) {
        return Response.ok(body, type)
                .language(locale)
                .header("Content-Disposition", disposition(invoice, extension))
                .build();
    }

    /** A download named after the invoice: {@code INV-000042.pdf}, or {@code invoice-<id>.pdf} while DRAFT. */
    private static String disposition(InvoiceView invoice, String extension) {
        String name = invoice.number() != null ? invoice.number() : "invoice-" + invoice.id();
        return "attachment; filename=\"" + name + "." + extension + "\"";
    }
}
