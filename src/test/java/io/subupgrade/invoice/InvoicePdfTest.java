package io.subupgrade.invoice;

import static io.subupgrade.invoice.InvoiceSamples.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.subupgrade.web.Languages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/**
 * The PDF is checked the way a reader gets at it: its text as PDFBox's extractor and poppler's {@code pdftotext} read
 * it, and page 1 rendered by {@code pdftoppm} to {@code target/invoice-pdf/*.png} for a person to look at. The poppler
 * part is skipped where poppler-utils is missing, except in CI (.ci/run installs it), where it must run.
 */
class InvoicePdfTest {
    private static final Path OUT = Path.of("target", "invoice-pdf");
    private static final Instant CREATED = Instant.parse("2026-12-01T00:05:00Z");

    @Test
    void anEnglishInvoiceReadsAsNumberPeriodLinesAndTotals() throws IOException {
        byte[] pdf = InvoicePdf.render(InvoiceSamples.finalized(Languages.ENGLISH), Languages.ENGLISH, CREATED);

        List<String> lines = textLines(pdf);
        assertContainsLines(
                lines,
                "Invoice INV-000042",
                "Invoice number INV-000042",
                "Billing period (UTC) 2026-11-01 \u2013 2026-11-30",
                "Subscription 0193a8f2-4c1e-7b3a-9d2f-5e6a7b8c9d0e",
                "Owner user-4711",
                "Status Finalized (2026-12-01 00:05 UTC)",
                "Currency USD",
                "Description Quantity Unit Unit price (USD) Amount (USD)",
                "Virtual Machines B1s 744 1 Hour 0.0104 7.7376",
                "vm-b1s-hour",
                "Blob Storage Hot LRS 120.5 1 GB/Month 0.0184 2.2172",
                "storage-hot-lrs-gb-month",
                "Bandwidth Data Transfer Out 15.25 1 GB 0.087 1.32675",
                "bandwidth-egress-gb",
                "Subtotal 11.28155",
                "Credit applied -5.00",
                "Not charged 0.00",
                "Total 6.28155",
                "Amount due USD 6.28");
        assertFooter(lines, "Page 1 of 1");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            assertEquals("INV-000042", doc.getDocumentInformation().getTitle());
            assertEquals(
                    CREATED.toEpochMilli(),
                    doc.getDocumentInformation().getCreationDate().getTimeInMillis());
            assertEquals("en", doc.getDocumentCatalog().getLanguage());
            assertFontsAreEmbeddedSubsets(doc);
        }
        assertNoGlyphsOverlap(pdf);
        poppler(pdf, "invoice-en", "Amount due USD 6.28", "2026-11-01 \u2013 2026-11-30", "Virtual Machines B1s");
    }

    @Test
    void aZhTwInvoiceHasChineseLabelsAndMeterNamesAsText() throws IOException {
        byte[] pdf = InvoicePdf.render(
                InvoiceSamples.finalized(Languages.TRADITIONAL_CHINESE), Languages.TRADITIONAL_CHINESE, CREATED);

        List<String> lines = textLines(pdf);
        assertContainsLines(
                lines,
                "帳單 INV-000042",
                "帳單編號 INV-000042",
                "計費期間 (UTC) 2026-11-01 至 2026-11-30",
                "狀態 已開立 (2026-12-01 00:05 UTC)",
                "說明 數量 單位 單價 (USD) 金額 (USD)",
                "虛擬機器 B1s 744 1 Hour 0.0104 7.7376",
                "Blob 儲存體經常性存取層 LRS 120.5 1 GB/Month 0.0184 2.2172",
                "頻寬資料傳出 15.25 1 GB 0.087 1.32675",
                "小計 11.28155",
                "已套用點數 -5.00",
                "未收費 0.00",
                "總計 6.28155",
                "應付金額 USD 6.28");
        assertFooter(lines, "第 1 頁，共 1 頁");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals("zh-TW", doc.getDocumentCatalog().getLanguage());
            assertFontsAreEmbeddedSubsets(doc);
        }
        assertNoGlyphsOverlap(pdf);
        poppler(pdf, "invoice-zh-TW", "應付金額", "虛擬機器 B1s", "頻寬資料傳出");
    }

    @Test
    void aDraftSaysDraftWhereTheNumberWouldBe() throws IOException {
        InvoiceView draft = InvoiceSamples.withLines(null, InvoiceStatus.DRAFT, List.of());

        byte[] pdf = InvoicePdf.render(draft, Languages.ENGLISH, CREATED);

        assertContainsLines(
                textLines(pdf),
                "Invoice Draft",
                "Invoice number Draft",
                "Status Draft",
                "No usage in this period.",
                "Amount due USD 0.00");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals("Draft invoice", doc.getDocumentInformation().getTitle());
        }
        byte[] zh = InvoicePdf.render(draft, Languages.TRADITIONAL_CHINESE, CREATED);
        assertContainsLines(textLines(zh), "帳單 草稿", "此期間沒有用量。");
        try (PDDocument doc = Loader.loadPDF(zh)) {
            assertEquals("帳單草稿", doc.getDocumentInformation().getTitle());
        }
    }

    @Test
    void charactersNoFontHasAreDrawnAsQuestionMarksInsteadOfFailing() throws IOException {
        InvoiceView invoice = InvoiceSamples.withLines(
                "INV-000044",
                InvoiceStatus.FINALIZED,
                List.of(
                        line("emoji", "Rocket \uD83D\uDE80 fuel", "1 Unit", "1", "0.01", "0.01"),
                        line("controls", "tab\there\u0007bell\nnew line", "1 Unit", "1", "0.01", "0.01"),
                        line("lone-surrogate", "half \uD800 pair", "1 Unit", "1", "0.01", "0.01"),
                        line("hangul-and-kana", "한국어 かな 漢字", "1 Unit", "1", "0.01", "0.01")));

        List<String> lines = textLines(InvoicePdf.render(invoice, Languages.ENGLISH, CREATED));

        assertContainsLines(
                lines,
                "Rocket ? fuel 1 1 Unit 0.01 0.01",
                "tab here?bell new line 1 1 Unit 0.01 0.01",
                "half ? pair 1 1 Unit 0.01 0.01");
        // Droid Sans Fallback has kana and CJK ideographs but no Hangul syllables.
        assertTrue(lines.contains("??? かな 漢字 1 1 Unit 0.01 0.01"), () -> String.join("\n", lines));
    }

    @Test
    void manyLinesFlowOntoMorePagesEachWithTheTableHeader() throws IOException {
        List<InvoiceView.Line> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            many.add(line("meter-" + i, "虛擬機器 B1s 第 " + i + " 台", "1 Hour", "744", "0.0104", "7.7376"));
        }
        InvoiceView invoice = InvoiceSamples.withLines("INV-000045", InvoiceStatus.FINALIZED, many);

        byte[] pdf = InvoicePdf.render(invoice, Languages.TRADITIONAL_CHINESE, CREATED);

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int pages = doc.getNumberOfPages();
            assertTrue(pages >= 2, "pages: " + pages);
            for (int p = 1; p <= pages; p++) {
                List<String> page = textLines(doc, p, p);
                boolean hasLines = page.stream().anyMatch(l -> l.startsWith("虛擬機器 B1s 第 "));
                assertEquals(hasLines, page.contains("說明 數量 單位 單價 (USD) 金額 (USD)"), "table header on page " + p);
                assertFooter(page, "第 " + p + " 頁，共 " + pages + " 頁");
                assertEquals(p > 1, page.get(0).equals("帳單 INV-000045 · 2026-11-01 至 2026-11-30"), page.get(0));
            }
            List<String> all = textLines(doc, 1, pages);
            assertEquals(1, all.stream().filter("應付金額 USD 0.00"::equals).count()); // the totals once, at the end
            for (int i = 1; i <= 60; i++) {
                assertTrue(all.contains("虛擬機器 B1s 第 " + i + " 台 744 1 Hour 0.0104 7.7376"), "line " + i);
            }
        }
        assertNoGlyphsOverlap(pdf);
        poppler(pdf, "invoice-zh-TW-many", "meter-60", "應付金額");
    }

    @Test
    void longTextWrapsInsideItsColumn() throws IOException {
        String longName = "Blob 儲存體經常性存取層 LRS 異地備援與讀取權限異地備援儲存體資料寫入作業每一萬次交易";
        String longWord = "an-extremely-long-meter-identifier-without-any-spaces-at-all-0123456789";
        InvoiceView invoice = InvoiceSamples.withLines(
                "INV-000046",
                InvoiceStatus.FINALIZED,
                List.of(
                        line(longWord, longName, "10,000 Transactions", "123456789.123456", "0.000123", "15185.185"),
                        line(
                                "vm-b1s-hour",
                                "Virtual Machines B1s with a rather long English description that wraps",
                                "1 Hour",
                                "744",
                                "0.0104",
                                "7.7376")));

        byte[] pdf = InvoicePdf.render(invoice, Languages.TRADITIONAL_CHINESE, CREATED);

        assertNoGlyphsOverlap(pdf);
        String text = String.join("", textLines(pdf)).replace(" ", "");
        assertTrue(containsInOrder(text, longName), text);
        assertTrue(text.contains("0.000123"), text);
        poppler(pdf, "invoice-zh-TW-wrapping", "0.000123");
    }

    @Test
    void exactAmountsOfSixteenDecimalsStayInTheirColumns() throws IOException {
        // The widest amounts the service answers: a 10-decimal unit price, 16-decimal costs, 18-digit month sums.
        String amount = "9999999999999.9999999999999999";
        String subtotal = "999999999999999999.0000000001166669";
        InvoiceView invoice = InvoiceSamples.invoice(
                "INV-000047",
                InvoiceStatus.FINALIZED,
                CREATED,
                List.of(
                        line("gb-second", "Functions GB-s", "1 GB-s", "0.000007", "0.0000166667", "0.0000000001166669"),
                        line("egress", "Egress", "1 GB", "999999999.999999", "9999.9999999999", amount)),
                subtotal,
                "0.0000000001166669",
                "0.00",
                "999999999999999999.00",
                "999999999999999999.00");

        byte[] pdf = InvoicePdf.render(invoice, Languages.ENGLISH, CREATED);

        assertNoGlyphsOverlap(pdf);
        List<String> lines = textLines(pdf);
        // A total too long to share its line with the label goes on the line below, whole.
        assertContainsLines(
                lines,
                "Subtotal " + subtotal,
                "Credit applied -0.0000000001166669",
                "Total 999999999999999999.00",
                "Amount due",
                "USD 999999999999999999.00");
        // Line amounts wrap inside their column; every digit is there, in order.
        String text = String.join("", lines).replace(" ", "");
        for (String exact : List.of("0.0000166667", "0.0000000001166669", amount)) {
            assertTrue(containsInOrder(text, exact), () -> exact + " in " + text);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static boolean containsInOrder(String text, String expected) {
        int at = 0;
        for (char c : expected.replace(" ", "").toCharArray()) {
            at = text.indexOf(c, at);
            if (at < 0) {
                return false;
            }
            at++;
        }
        return true;
    }

    private static List<String> textLines(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return textLines(doc, 1, doc.getNumberOfPages());
        }
    }

    /** The text of pages {@code from..to} as PDFBox extracts it, in reading order, one entry per visual line. */
    private static List<String> textLines(PDDocument doc, int from, int to) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        stripper.setStartPage(from);
        stripper.setEndPage(to);
        return Arrays.stream(stripper.getText(doc).split("\\R"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The footer's last line: the precision note on the left, the page number on the right of the same line. */
    private static void assertFooter(List<String> lines, String pageNumber) {
        String last = lines.get(lines.size() - 1);
        assertTrue(last.endsWith(" " + pageNumber), () -> "footer: " + last);
    }

    private static void assertContainsLines(List<String> actual, String... expected) {
        for (String line : expected) {
            assertTrue(actual.contains(line), () -> "no line \"" + line + "\" in:\n" + String.join("\n", actual));
        }
    }

    /**
     * No two glyphs overlap and none leaves the page's margins: text that ran into the next column, or a row drawn
     * over the one above, would show here before anyone looks at the picture.
     */
    private static void assertNoGlyphsOverlap(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                List<TextPosition> glyphs = new ArrayList<>();
                PDFTextStripper collector = new PDFTextStripper() {
                    @Override
                    protected void processTextPosition(TextPosition text) {
                        if (!text.getUnicode().isBlank()) {
                            glyphs.add(text);
                        }
                    }
                };
                collector.setStartPage(p);
                collector.setEndPage(p);
                collector.getText(doc);
                float pageWidth = doc.getPage(p - 1).getMediaBox().getWidth();
                for (int i = 0; i < glyphs.size(); i++) {
                    TextPosition a = glyphs.get(i);
                    assertTrue(
                            a.getXDirAdj() >= 49 && a.getXDirAdj() + a.getWidthDirAdj() <= pageWidth - 49,
                            () -> "outside the margins: " + describe(a));
                    for (int j = i + 1; j < glyphs.size(); j++) {
                        TextPosition b = glyphs.get(j);
                        boolean across = a.getXDirAdj() + a.getWidthDirAdj() - 0.5f > b.getXDirAdj()
                                && b.getXDirAdj() + b.getWidthDirAdj() - 0.5f > a.getXDirAdj();
                        // Baselines closer than the smaller glyph is tall means the two lines collide.
                        boolean down = Math.abs(a.getYDirAdj() - b.getYDirAdj())
                                < 0.8f * Math.min(a.getFontSizeInPt(), b.getFontSizeInPt());
                        int page = p;
                        assertTrue(
                                !(across && down),
                                () -> "overlap on page " + page + ": " + describe(a) + " and " + describe(b));
                    }
                }
            }
        }
    }

    private static String describe(TextPosition t) {
        return "'" + t.getUnicode() + "' at (" + t.getXDirAdj() + ", " + t.getYDirAdj() + ") w " + t.getWidthDirAdj();
    }

    /** Every font is embedded (nothing left to the viewer's substitutes) and subset (a six-letter tag + name). */
    private static void assertFontsAreEmbeddedSubsets(PDDocument doc) throws IOException {
        for (PDPage page : doc.getPages()) {
            for (COSName name : page.getResources().getFontNames()) {
                PDFont font = page.getResources().getFont(name);
                assertTrue(font.isEmbedded(), font.getName());
                assertTrue(font.getName().matches("[A-Z]{6}\\+.+"), font.getName());
            }
        }
    }

    /**
     * pdftotext must find the same text, and pdftoppm renders page 1 at 80 dpi for a person to look at. Skipped where
     * poppler-utils is missing, unless in CI, where a missing tool is a failure rather than a silent skip.
     */
    private static void poppler(byte[] pdf, String name, String... expected) throws IOException {
        boolean available = onPath("pdftotext") && onPath("pdftoppm");
        if (!available && System.getenv("CI") != null) {
            throw new AssertionError("pdftotext/pdftoppm (poppler-utils) missing in CI; .ci/run installs them");
        }
        assumeTrue(available, "poppler-utils (pdftotext, pdftoppm) not installed");
        Files.createDirectories(OUT);
        Path file = OUT.resolve(name + ".pdf");
        Files.write(file, pdf);
        Path txt = OUT.resolve(name + ".txt");
        run("pdftotext", "-layout", "-enc", "UTF-8", file.toString(), txt.toString());
        String text = Files.readString(txt, StandardCharsets.UTF_8).replaceAll("[ \\t]+", " ");
        for (String e : expected) {
            assertTrue(text.contains(e), () -> "pdftotext has no \"" + e + "\" in:\n" + text);
        }
        run(
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                file.toString(),
                OUT.resolve(name).toString());
        assertTrue(Files.size(OUT.resolve(name + ".png")) > 0);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null
                && Arrays.stream(path.split(java.io.File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + output);
    }
}
