package io.subupgrade.invoice;

import io.subupgrade.shared.Money;
import io.subupgrade.web.Languages;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * An invoice as {@code application/pdf}: A4, the number (or "Draft"), the billing period, subscription, owner and
 * status, a table of the lines and the totals, with labels in English or zh-TW. As many pages as the lines need; the
 * table's header is repeated on each, and each page says "Page n of m".
 *
 * <p>Apache PDFBox 3 rather than OpenPDF: Apache-2.0 licensed (OpenPDF is LGPL/MPL), maintained by the ASF, and it
 * embeds TrueType fonts as Type0 subsets with a ToUnicode map, so the text (Chinese included) is real, selectable text
 * that {@code pdftotext} and PDFBox's own extractor read back; only the glyphs used are embedded, so a PDF stays around
 * 30 KB although the Chinese font is 4 MB. OpenPDF's newer lines also need a newer Java than the service's 17.
 *
 * <p>Fonts ({@link PdfFonts}, files and licenses under {@code src/main/resources/fonts}): Liberation Sans for Latin text
 * and Droid Sans Fallback for Chinese, chosen per character. A character neither has (an emoji, a control character)
 * is drawn as {@code ?}: an invoice never fails to render because of a meter's name.
 *
 * <p>The period is shown as its first and last day ({@code 2026-11-01 – 2026-11-30}) rather than the API's exclusive
 * end ({@code 2026-12-01}), which a reader would take as a day of the period. Amounts are the API's decimal strings,
 * exact (up to 16 places, never rounded except the amount due); credit applied and not charged are shown as deductions ({@code -5.00}) since they are
 * subtracted from the subtotal, though the JSON and CSV carry them as the positive amounts they are.
 */
public final class InvoicePdf {
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 50;
    private static final float LEFT = MARGIN;
    private static final float RIGHT = PAGE.getWidth() - MARGIN;
    private static final float TOP = PAGE.getHeight() - MARGIN;
    /** Room left for the footer (note and page number) below the content. */
    private static final float BOTTOM = MARGIN + 22;

    private static final Color TEXT = Color.BLACK;
    private static final Color MUTED = new Color(0x5f, 0x63, 0x68);
    private static final Color RULE = new Color(0xc8, 0xcc, 0xd0);
    private static final Color HEADER_FILL = new Color(0xee, 0xf1, 0xf4);

    private static final float BODY = 9.5f;
    private static final float SMALL = 7.5f;
    private static final float CELL_PAD = 4;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    /** Table columns: description, quantity, unit, unit price, amount; numbers are right-aligned. */
    private static final float[] WIDTHS = {183, 68, 72, 84, 88};
    /** The totals block: labels start this far left of the right margin, amounts end at it. */
    private static final float TOTALS_WIDTH = 230;

    private static final boolean[] NUMERIC = {false, true, false, true, true};

    private InvoicePdf() {}

    /** Dated now by the system clock; callers that have the service's clock should pass its time instead. */
    public static byte[] render(InvoiceView invoice, Locale locale) {
        return render(invoice, locale, Instant.now());
    }

    /** {@code createdAt} is the PDF's creation date (document info); nothing else in the file depends on it. */
    public static byte[] render(InvoiceView invoice, Locale locale, Instant createdAt) {
        InvoiceLabels labels = InvoiceLabels.of(locale);
        try (PDDocument doc = new PDDocument();
                PdfFonts fonts = PdfFonts.load(doc)) {
            new Writer(doc, fonts, labels).write(invoice);

            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(invoice.number() != null ? invoice.number() : labels.draftTitle());
            info.setSubject(labels.title() + " " + period(invoice, labels));
            info.setCreator("Subscription upgrade service");
            GregorianCalendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
            created.setTimeInMillis(createdAt.toEpochMilli());
            info.setCreationDate(created);
            // Screen readers and text extractors pick the language (and so the reading of the Han characters) from it.
            doc.getDocumentCatalog().setLanguage(Languages.isChinese(locale) ? "zh-TW" : "en");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out); // fonts are subset here, so they are closed only after it
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the invoice PDF", e);
        }
    }

    static String period(InvoiceView invoice, InvoiceLabels labels) {
        LocalDate first = invoice.periodStart().atOffset(ZoneOffset.UTC).toLocalDate();
        // The end is exclusive (the next month's first instant): its last day is the one before it.
        LocalDate last =
                invoice.periodEnd().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        return DATE.format(first) + labels.periodSeparator() + DATE.format(last);
    }

    /** Lays one invoice out page by page; {@link #y} is the baseline cursor on the current page. */
    private static final class Writer {
        private final PDDocument doc;
        private final PdfFonts fonts;
        private final InvoiceLabels labels;
        private final List<PDPage> pages = new ArrayList<>();
        private PDPageContentStream cs;
        private float y;
        private String[] tableHeader;
        /** Atop every page after the first, so that a loose page still says which invoice it belongs to. */
        private String runningHead;

        Writer(PDDocument doc, PdfFonts fonts, InvoiceLabels labels) {
            this.doc = doc;
            this.fonts = fonts;
            this.labels = labels;
        }

        void write(InvoiceView invoice) throws IOException {
            runningHead = labels.title() + " " + (invoice.number() != null ? invoice.number() : labels.draft())
                    + " \u00b7 " + period(invoice, labels);
            newPage();
            try {
                heading(invoice);
                lines(invoice);
                totals(invoice);
            } finally {
                cs.close();
            }
            footers();
        }

        private void heading(InvoiceView invoice) throws IOException {
            float size = 22;
            y -= size;
            fonts.draw(cs, labels.title(), LEFT, y, size, true, TEXT);
            String number = invoice.number() != null ? invoice.number() : labels.draft();
            float numberSize = 13;
            fonts.draw(cs, number, RIGHT - fonts.width(number, numberSize, true), y, numberSize, true, TEXT);
            y -= 22;

            String status = labels.statusOf(invoice.status());
            if (invoice.finalizedAt() != null) {
                status += " (" + DATE_TIME.format(invoice.finalizedAt().atOffset(ZoneOffset.UTC)) + ")";
            }
            field(labels.number(), number);
            field(labels.period(), period(invoice, labels));
            field(
                    labels.subscription(),
                    invoice.subscriptionId() == null
                            ? ""
                            : invoice.subscriptionId().toString());
            field(labels.owner(), invoice.ownerId() == null ? "" : invoice.ownerId());
            field(labels.status(), status);
            field(labels.currency(), invoice.currency());
            y -= 16;
        }

        /** A label and its value on one row; a long value wraps under itself. */
        private void field(String label, String value) throws IOException {
            float valueX = LEFT + 125;
            List<String> rows = fonts.wrap(value, RIGHT - valueX, BODY, false);
            y -= BODY + 4;
            fonts.draw(cs, label, LEFT, y, BODY, false, MUTED);
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) {
                    y -= BODY + 2;
                }
                fonts.draw(cs, rows.get(i), valueX, y, BODY, false, TEXT);
            }
        }

        private void lines(InvoiceView invoice) throws IOException {
            String currency = " (" + invoice.currency() + ")";
            tableHeader = new String[] {
                labels.description(),
                labels.quantity(),
                labels.unit(),
                labels.unitPrice() + currency,
                labels.amount() + currency
            };
            tableHeaderRow();
            if (invoice.lines().isEmpty()) {
                y -= BODY + 8;
                fonts.draw(cs, labels.noUsage(), LEFT + CELL_PAD, y, BODY, false, MUTED);
                y -= 6;
                rule(RULE, 0.5f);
                return;
            }
            for (InvoiceView.Line line : invoice.lines()) {
                lineRow(line);
            }
        }

        private void tableHeaderRow() throws IOException {
            List<List<String>> cells = new ArrayList<>();
            int rows = 1;
            for (int c = 0; c < WIDTHS.length; c++) {
                List<String> wrapped = fonts.wrap(tableHeader[c], textWidth(c), BODY, true);
                cells.add(wrapped);
                rows = Math.max(rows, wrapped.size());
            }
            float height = rows * (BODY + 2) + 2 * CELL_PAD + 2;
            cs.setNonStrokingColor(HEADER_FILL);
            cs.addRect(LEFT, y - height, RIGHT - LEFT, height);
            cs.fill();
            float top = y;
            for (int c = 0; c < WIDTHS.length; c++) {
                cell(cells.get(c), c, top - CELL_PAD - BODY, BODY, true, TEXT);
            }
            y -= height;
        }

        /** Description (and the meter ID under it, smaller) beside the numbers; a row never splits across pages. */
        private void lineRow(InvoiceView.Line line) throws IOException {
            float descWidth = textWidth(0);
            List<String> description = fonts.wrap(line.description(), descWidth, BODY, false);
            List<String> meter = fonts.wrap(line.meterId(), descWidth, SMALL, false);
            String[] values = {
                null,
                line.quantity(),
                line.unit(),
                line.unitPrice().amount(),
                line.amount().amount()
            };
            List<List<String>> cells = new ArrayList<>();
            cells.add(description);
            int rows = description.size();
            for (int c = 1; c < WIDTHS.length; c++) {
                List<String> wrapped = fonts.wrap(values[c], textWidth(c), BODY, false);
                cells.add(wrapped);
                rows = Math.max(rows, wrapped.size());
            }
            float textHeight =
                    Math.max(rows * (BODY + 2), description.size() * (BODY + 2) + meter.size() * (SMALL + 2));
            float height = textHeight + 2 * CELL_PAD + 2;
            if (y - height < BOTTOM) {
                continuePage();
            }
            float baseline = y - CELL_PAD - BODY;
            for (int c = 0; c < WIDTHS.length; c++) {
                cell(cells.get(c), c, baseline, BODY, false, TEXT);
            }
            float meterBaseline = baseline - description.size() * (BODY + 2) - 1;
            for (String row : meter) {
                fonts.draw(cs, row, LEFT + CELL_PAD, meterBaseline, SMALL, false, MUTED);
                meterBaseline -= SMALL + 2;
            }
            y -= height;
            rule(RULE, 0.5f);
        }

        private void cell(List<String> rows, int column, float baseline, float size, boolean bold, Color color)
                throws IOException {
            float x = LEFT;
            for (int c = 0; c < column; c++) {
                x += WIDTHS[c];
            }
            for (String row : rows) {
                float rowX = NUMERIC[column]
                        ? x + WIDTHS[column] - CELL_PAD - fonts.width(row, size, bold)
                        : x + inset(column);
                fonts.draw(cs, row, rowX, baseline, size, bold, color);
                baseline -= size + 2;
            }
        }

        /**
         * Text after a right-aligned number starts further in, so "744" and "1 Hour" read as two columns; cells are
         * wrapped to the width this leaves.
         */
        private static float inset(int column) {
            return column > 0 && NUMERIC[column - 1] && !NUMERIC[column] ? CELL_PAD + 8 : CELL_PAD;
        }

        private static float textWidth(int column) {
            return WIDTHS[column] - CELL_PAD - inset(column);
        }

        private void totals(InvoiceView invoice) throws IOException {
            String[][] rows = {
                {labels.subtotal(), invoice.subtotal().amount()},
                {labels.creditApplied(), deduction(invoice.creditApplied())},
                {labels.notCharged(), deduction(invoice.notCharged())},
                {labels.total(), invoice.total().amount()}
            };
            String due = invoice.currency() + " " + invoice.amountDue().amount();
            float needed = 4 * (BODY + 7) + 30;
            for (String[] row : rows) {
                needed += fits(row[0], row[1], BODY, false) ? 0 : BODY + 2;
            }
            needed += fits(labels.amountDue(), due, 12, true) ? 0 : 12 + 2;
            if (y - needed < BOTTOM) {
                newPage();
            }
            y -= 8;
            for (String[] row : rows) {
                total(row[0], row[1], false);
            }
            y -= 6;
            cs.setStrokingColor(TEXT);
            cs.setLineWidth(0.8f);
            cs.moveTo(RIGHT - TOTALS_WIDTH, y);
            cs.lineTo(RIGHT, y);
            cs.stroke();
            y -= 4;
            total(labels.amountDue(), due, true);
        }

        /**
         * A label on the left of the totals block, its amount right-aligned; an amount too long to share the line
         * (exact amounts run to 16 decimals and a month's sums to 18 digits) goes on the line below it.
         */
        private void total(String label, String value, boolean emphasis) throws IOException {
            float size = emphasis ? 12 : BODY;
            y -= size + 7;
            float labelX = RIGHT - TOTALS_WIDTH;
            fonts.draw(cs, label, labelX, y, size, emphasis, emphasis ? TEXT : MUTED);
            if (!fits(label, value, size, emphasis)) {
                y -= size + 2;
            }
            fonts.draw(cs, value, RIGHT - CELL_PAD - fonts.width(value, size, emphasis), y, size, emphasis, TEXT);
        }

        private boolean fits(String label, String value, float size, boolean emphasis) throws IOException {
            float labelEnd = RIGHT - TOTALS_WIDTH + fonts.width(label, size, emphasis);
            return RIGHT - CELL_PAD - fonts.width(value, size, emphasis) >= labelEnd + 8;
        }

        private static String deduction(Money amount) {
            return new BigDecimal(amount.amount()).signum() == 0 ? amount.amount() : "-" + amount.amount();
        }

        private void rule(Color color, float width) throws IOException {
            cs.setStrokingColor(color);
            cs.setLineWidth(width);
            cs.moveTo(LEFT, y);
            cs.lineTo(RIGHT, y);
            cs.stroke();
        }

        private void continuePage() throws IOException {
            newPage();
            tableHeaderRow();
        }

        private void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            pages.add(page);
            cs = new PDPageContentStream(doc, page);
            y = TOP;
            if (pages.size() > 1) {
                y -= SMALL;
                fonts.draw(cs, runningHead, LEFT, y, SMALL, false, MUTED);
                y -= 10;
            }
        }

        /** Drawn once every page exists, since each says how many there are. */
        private void footers() throws IOException {
            for (int i = 0; i < pages.size(); i++) {
                try (PDPageContentStream footer =
                        new PDPageContentStream(doc, pages.get(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
                    String page = String.format(Locale.ROOT, labels.pageOf(), i + 1, pages.size());
                    float pageWidth = fonts.width(page, SMALL, false);
                    float noteY = MARGIN;
                    for (String row : fonts.wrap(labels.precisionNote(), RIGHT - LEFT - pageWidth - 20, SMALL, false)) {
                        fonts.draw(footer, row, LEFT, noteY, SMALL, false, MUTED);
                        noteY -= SMALL + 2;
                    }
                    fonts.draw(footer, page, RIGHT - pageWidth, MARGIN, SMALL, false, MUTED);
                }
            }
        }
    }

    /** For {@link PdfFonts}: the font files are read from the class path once and parsed per document. */
    static byte[] resource(String name) {
        try (InputStream in = InvoicePdf.class.getResourceAsStream("/fonts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Font missing from the class path: fonts/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
