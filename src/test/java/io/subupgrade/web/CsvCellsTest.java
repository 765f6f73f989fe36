package io.subupgrade.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OWASP's CSV injection rule, cell by cell. */
class CsvCellsTest {

    @ParameterizedTest(name = "[{index}] <{0}> -> <{1}>")
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            emptyValue = "",
            ignoreLeadingAndTrailingWhitespace = false,
            value = {
                // formulas and the forms that start one
                "=HYPERLINK(\"http://x\") => '=HYPERLINK(\"http://x\")",
                "-2+3+cmd|' /C calc'!A0 => '-2+3+cmd|' /C calc'!A0",
                "+1 => '+1",
                "@SUM(A1:A9) => '@SUM(A1:A9)",
                "=1+1 => '=1+1",
                "- => '-",
                "= => '=",
                "--4.80 => '--4.80",
                "-4.80  => '-4.80 ",
                "+4.80 => '+4.80",
                "-1E5 => '-1E5",
                "-.5 => '-.5",
                "-4. => '-4.",
                "-0x1F => '-0x1F",
                // plain decimals stay numbers
                "-4.80 => -4.80",
                "-0.000001 => -0.000001",
                "-12 => -12",
                "4.80 => 4.80",
                "0 => 0",
                // ordinary text, and the characters only at the start count
                "Virtual Machines B1s => Virtual Machines B1s",
                "1 GB/Month => 1 GB/Month",
                "a=b => a=b",
                "vm-b1s-hour => vm-b1s-hour",
                " =1 =>  =1", // a leading space: text to every spreadsheet
                "'quoted => 'quoted",
                " => ",
            })
    void aCellThatWouldBeAFormulaGetsALeadingQuote(String value, String written) {
        assertEquals(written, CsvCells.cell(value));
    }

    @Test
    void aLeadingTabOrCarriageReturnIsEscapedToo() {
        assertEquals("'\t=1", CsvCells.cell("\t=1"));
        assertEquals("'\rx", CsvCells.cell("\rx"));
        assertEquals("'\t", CsvCells.cell("\t"));
        assertEquals("a\tb", CsvCells.cell("a\tb"));
        assertEquals("\nx", CsvCells.cell("\nx")); // LF is no trigger in OWASP's list; the field is quoted anyway
    }

    @Test
    void aRecordIsEscapedCellByCellAndKeepsItsEmptyCells() {
        assertEquals(
                Arrays.asList("", "'=x", null, "-4.80", "USD"),
                CsvCells.record(Arrays.asList("", "=x", null, "-4.80", "USD")));
        assertNull(CsvCells.cell(null));
        assertEquals(List.of(), CsvCells.record(List.of()));
    }
}
