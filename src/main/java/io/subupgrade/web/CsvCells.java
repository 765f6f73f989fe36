package io.subupgrade.web;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What every CSV the service serves does to each cell before Commons CSV quotes it: a cell a spreadsheet would take
 * as a formula (one starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a CR: OWASP's "CSV injection"
 * rule) gets a leading {@code '}, so Excel, LibreOffice and Google Sheets show it as text instead of running
 * {@code =HYPERLINK(...)} or {@code -2+3+cmd|' /C calc'!A0}. The quote is visible to a program reading the file,
 * which is the price OWASP accepts; it only ever lands on free text (names and units), never on an id or an amount.
 *
 * <p>A plain decimal number ({@code -4.80}, as a credit note's amounts are written) is left as it is: it is a number
 * to every spreadsheet, not a formula, and a quote would turn it into text that no longer sums. "Plain" is the API's
 * decimal form: an optional minus, digits, an optional fraction; {@code +4.80} or {@code -1E5} are escaped.
 */
public final class CsvCells {
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private CsvCells() {}

    /** The cell as it is written: unchanged, or with a leading {@code '} when a spreadsheet would evaluate it. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean formulaLike =
                first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        if (!formulaLike || PLAIN_DECIMAL.matcher(value).matches()) {
            return value;
        }
        return "'" + value;
    }

    /** A record's cells, each through {@link #cell}. */
    public static List<String> record(List<String> values) {
        return values.stream().map(CsvCells::cell).toList();
    }
}
