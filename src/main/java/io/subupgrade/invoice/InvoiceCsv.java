package io.subupgrade.invoice;

import io.subupgrade.web.CsvCells;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An invoice as {@code text/csv} (RFC 4180: CRLF record ends; a field holding a comma, a quote, CR or LF is quoted,
 * its quotes doubled). Every record has the same seven columns, so any CSV reader takes the file as one table:
 *
 * <pre>
 * Meter ID,Description,Unit,Quantity,Unit price,Amount,Currency      header, labels in the caller's language
 * vm-b1s-hour,Virtual Machines B1s,1 Hour,744,0.0104,7.7376,USD       one record per invoice line
 * "",Subtotal,,,,7.7376,USD                                           then five totals, always in this order:
 * "",Credit applied,,,,5.00,USD                                         subtotal, credit applied, not charged,
 * "",Not charged,,,,0.00,USD                                            total, amount due
 * "",Total,,,,2.7376,USD
 * "",Amount due,,,,2.74,USD
 * </pre>
 *
 * A totals record is told from a line by its empty meter ID (every line has one) and carries its label in the
 * description column; Commons CSV writes that empty first field as {@code ""} (RFC 4180 allows either), which every
 * reader takes as the empty string. Amounts and quantities are the API's plain decimal strings (a dot, no grouping,
 * no currency sign), whatever the language, so a spreadsheet or a script reads them as numbers. The invoice number
 * and period are not in the file: a preamble above the header would make it not one table; the download's file
 * name carries the number.
 *
 * <p>No cell can become a formula in a spreadsheet: meter names and units are free text an operator typed, so a cell
 * starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a CR gets a leading {@code '} ({@link CsvCells},
 * OWASP's rule); amounts and quantities are plain decimals and stay numbers, negative ones included.
 *
 * <p>Written with Apache Commons CSV rather than by hand: the quoting rules are short but easy to get subtly wrong
 * (a CR alone, a leading quote), and the tests read the output back with the same well-tested parser.
 */
public final class InvoiceCsv {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private InvoiceCsv() {}

    public static String render(InvoiceView invoice, Locale locale) {
        InvoiceLabels l = InvoiceLabels.of(locale);
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            print(
                    csv,
                    List.of(
                            l.meterId(),
                            l.description(),
                            l.unit(),
                            l.quantity(),
                            l.unitPrice(),
                            l.amount(),
                            l.currency()));
            for (InvoiceView.Line line : invoice.lines()) {
                print(
                        csv,
                        Arrays.asList(
                                line.meterId(),
                                line.description(),
                                line.unit(),
                                line.quantity(),
                                line.unitPrice().amount(),
                                line.amount().amount(),
                                line.amount().currency()));
            }
            for (List<String> row : List.of(
                    totalRow(l.subtotal(), invoice.subtotal().amount(), invoice.currency()),
                    totalRow(l.creditApplied(), invoice.creditApplied().amount(), invoice.currency()),
                    totalRow(l.notCharged(), invoice.notCharged().amount(), invoice.currency()),
                    totalRow(l.total(), invoice.total().amount(), invoice.currency()),
                    totalRow(l.amountDue(), invoice.amountDue().amount(), invoice.currency()))) {
                print(csv, row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail; the signature says it might
        }
        return out.toString();
    }

    /** Every cell through {@link CsvCells}: names and units are free text an operator typed, labels are ours. */
    private static void print(CSVPrinter csv, List<String> cells) throws IOException {
        csv.printRecord(CsvCells.record(cells));
    }

    private static List<String> totalRow(String label, String amount, String currency) {
        return Arrays.asList("", label, "", "", "", amount, currency);
    }
}
