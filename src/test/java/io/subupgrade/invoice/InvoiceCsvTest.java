package io.subupgrade.invoice;

import static io.subupgrade.invoice.InvoiceSamples.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subupgrade.web.Languages;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class InvoiceCsvTest {
    @Test
    void aHeaderARecordPerLineThenTheFiveTotals() throws IOException {
        String csv = InvoiceCsv.render(InvoiceSamples.finalized(Languages.ENGLISH), Languages.ENGLISH);

        assertEquals(
                List.of(
                        List.of("Meter ID", "Description", "Unit", "Quantity", "Unit price", "Amount", "Currency"),
                        List.of("vm-b1s-hour", "Virtual Machines B1s", "1 Hour", "744", "0.0104", "7.7376", "USD"),
                        List.of(
                                "storage-hot-lrs-gb-month",
                                "Blob Storage Hot LRS",
                                "1 GB/Month",
                                "120.5",
                                "0.0184",
                                "2.2172",
                                "USD"),
                        List.of(
                                "bandwidth-egress-gb",
                                "Bandwidth Data Transfer Out",
                                "1 GB",
                                "15.25",
                                "0.087",
                                "1.32675",
                                "USD"),
                        List.of("", "Subtotal", "", "", "", "11.28155", "USD"),
                        List.of("", "Credit applied", "", "", "", "5.00", "USD"),
                        List.of("", "Not charged", "", "", "", "0.00", "USD"),
                        List.of("", "Total", "", "", "", "6.28155", "USD"),
                        List.of("", "Amount due", "", "", "", "6.28", "USD")),
                parse(csv));
    }

    @Test
    void recordsEndInCrlfAsRfc4180Says() {
        String csv = InvoiceCsv.render(InvoiceSamples.finalized(Languages.ENGLISH), Languages.ENGLISH);

        assertTrue(csv.startsWith("Meter ID,Description,Unit,Quantity,Unit price,Amount,Currency\r\n"), csv);
        assertTrue(csv.endsWith("\r\n\"\",Amount due,,,,6.28,USD\r\n"), csv);
        assertEquals(9, csv.split("\r\n", -1).length - 1); // nine records, no bare LF anywhere
        assertEquals(-1, csv.replace("\r\n", "").indexOf('\n'));
    }

    @Test
    void fieldsWithCommasQuotesAndLineBreaksAreQuotedAndReadBackWhole() throws IOException {
        String description = "Storage, \"hot\" tier";
        String twoLines = "first line\r\nsecond line";
        InvoiceView invoice = InvoiceSamples.withLines(
                "INV-000043",
                InvoiceStatus.FINALIZED,
                List.of(
                        line("storage-hot-lrs-gb-month", description, "1 GB/Month", "1", "0.0184", "0.0184"),
                        line("odd-meter", twoLines, "1 GB", "2", "0.01", "0.02")));

        String csv = InvoiceCsv.render(invoice, Languages.ENGLISH);

        assertTrue(
                csv.contains(
                        "\r\nstorage-hot-lrs-gb-month,\"Storage, \"\"hot\"\" tier\",1 GB/Month,1,0.0184,0.0184,USD\r\n"),
                csv);
        List<List<String>> records = parse(csv);
        assertEquals(description, records.get(1).get(1));
        assertEquals(twoLines, records.get(2).get(1));
        assertEquals(1 + 2 + 5, records.size());
    }

    @Test
    void zhTwLabelsTheHeaderAndTheTotalsWhileNumbersStayPlain() throws IOException {
        InvoiceView invoice = InvoiceSamples.finalized(Languages.TRADITIONAL_CHINESE);

        List<List<String>> records = parse(InvoiceCsv.render(invoice, Languages.TRADITIONAL_CHINESE));

        assertEquals(List.of("計量 ID", "說明", "單位", "數量", "單價", "金額", "幣別"), records.get(0));
        assertEquals(List.of("vm-b1s-hour", "虛擬機器 B1s", "1 Hour", "744", "0.0104", "7.7376", "USD"), records.get(1));
        assertEquals("Blob 儲存體經常性存取層 LRS", records.get(2).get(1));
        assertEquals(
                List.of(
                        List.of("", "小計", "", "", "", "11.28155", "USD"),
                        List.of("", "已套用點數", "", "", "", "5.00", "USD"),
                        List.of("", "未收費", "", "", "", "0.00", "USD"),
                        List.of("", "總計", "", "", "", "6.28155", "USD"),
                        List.of("", "應付金額", "", "", "", "6.28", "USD")),
                records.subList(4, 9));
    }

    @Test
    void anInvoiceWithoutLinesIsTheHeaderAndTheTotals() throws IOException {
        InvoiceView invoice = InvoiceSamples.withLines(null, InvoiceStatus.DRAFT, List.of());

        List<List<String>> records = parse(InvoiceCsv.render(invoice, Languages.ENGLISH));

        assertEquals(6, records.size());
        assertEquals(List.of("", "Amount due", "", "", "", "0.00", "USD"), records.get(5));
    }

    /** Read back with Commons CSV's strict RFC 4180 parser; every record must have the header's seven fields. */
    private static List<List<String>> parse(String csv) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180)) {
            List<List<String>> records =
                    parser.getRecords().stream().map(CSVRecord::toList).toList();
            for (List<String> r : records) {
                assertEquals(7, r.size(), () -> "record " + r);
            }
            return records;
        }
    }
}
