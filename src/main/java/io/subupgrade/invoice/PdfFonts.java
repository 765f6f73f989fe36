package io.subupgrade.invoice;

import java.awt.Color;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * The invoice PDF's fonts, and text drawn with them one run per font: PDFBox draws a string in a single font and has
 * no fallback of its own, while Liberation Sans has no Chinese and Droid Sans Fallback has no Latin. Each character
 * goes to the first face that has a glyph for it (Liberation, then Droid); one that neither has becomes {@code ?},
 * since PDFBox throws on a character its font cannot encode. Droid has no bold, so bold Chinese is filled and stroked.
 *
 * <p>Not thread-safe, and for one document: {@link TrueTypeFont} reads lazily and the subsets are built when the
 * document is saved, so each document parses its own fonts (from bytes read once per JVM) and closes them after saving.
 */
final class PdfFonts implements Closeable {
    /** Read on first use, so that the CSV and JSON paths never load 5 MB of fonts. */
    private static final class Files {
        static final byte[] REGULAR = InvoicePdf.resource("LiberationSans-Regular.ttf");
        static final byte[] BOLD = InvoicePdf.resource("LiberationSans-Bold.ttf");
        static final byte[] CJK = InvoicePdf.resource("DroidSansFallbackFull.ttf");
    }

    /** Punctuation that a line must not start with, and punctuation that must not end one. */
    private static final String NO_BREAK_BEFORE = "）」』】〉》，。、；：！？";

    private static final String NO_BREAK_AFTER = "（「『【〈《";

    private record Face(PDType0Font font, CmapLookup cmap) {
        boolean has(int codePoint) {
            return cmap.getGlyphId(codePoint) > 0;
        }
    }

    private record Run(Face face, String text) {}

    private final List<TrueTypeFont> parsed;
    private final Face regular;
    private final Face bold;
    private final Face cjk;

    private PdfFonts(List<TrueTypeFont> parsed, Face regular, Face bold, Face cjk) {
        this.parsed = parsed;
        this.regular = regular;
        this.bold = bold;
        this.cjk = cjk;
    }

    static PdfFonts load(PDDocument doc) throws IOException {
        List<TrueTypeFont> parsed = new ArrayList<>();
        try {
            Face regular = face(doc, Files.REGULAR, parsed);
            Face bold = face(doc, Files.BOLD, parsed);
            Face cjk = face(doc, Files.CJK, parsed);
            return new PdfFonts(parsed, regular, bold, cjk);
        } catch (IOException | RuntimeException e) {
            for (TrueTypeFont f : parsed) {
                f.close();
            }
            throw e;
        }
    }

    private static Face face(PDDocument doc, byte[] file, List<TrueTypeFont> parsed) throws IOException {
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(file));
        parsed.add(ttf);
        // embedSubset: only the glyphs drawn go into the PDF, with a ToUnicode map so the text can be extracted
        return new Face(PDType0Font.load(doc, ttf, true), ttf.getUnicodeCmapLookup());
    }

    float width(String text, float size, boolean heavy) throws IOException {
        float width = 0;
        for (Run run : runs(text, heavy)) {
            width += run.face().font().getStringWidth(run.text()) / 1000 * size;
        }
        return width;
    }

    void draw(PDPageContentStream cs, String text, float x, float y, float size, boolean heavy, Color color)
            throws IOException {
        List<Run> runs = runs(text, heavy);
        if (runs.isEmpty()) {
            return;
        }
        cs.setNonStrokingColor(color);
        cs.setStrokingColor(color);
        cs.setLineWidth(size * 0.04f); // the stroke that makes bold Chinese a little heavier
        cs.beginText();
        cs.newLineAtOffset(x, y);
        for (Run run : runs) {
            cs.setFont(run.face().font(), size);
            cs.setRenderingMode(heavy && run.face() == cjk ? RenderingMode.FILL_STROKE : RenderingMode.FILL);
            cs.showText(run.text());
        }
        cs.endText();
    }

    /**
     * Lines of at most {@code maxWidth}: broken after a space or next to a Chinese character (which need no spaces
     * between words), and inside a word only when the word alone is too wide, so nothing ever runs into the next
     * column. The lines hold the text as drawn ({@code ?} for characters without a glyph).
     */
    List<String> wrap(String text, float maxWidth, float size, boolean heavy) throws IOException {
        String clean = clean(text);
        List<String> lines = new ArrayList<>();
        int start = 0;
        int lastBreak = -1;
        float width = 0;
        for (int i = 0; i < clean.length(); ) {
            int cp = clean.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == ' ' && i == start && !lines.isEmpty()) {
                start = next; // a wrapped line does not start with the space it was broken at
                i = next;
                continue;
            }
            boolean wide = face(cp, heavy) == cjk;
            if (wide && i > start && NO_BREAK_BEFORE.indexOf(cp) < 0 && !opensBefore(clean, i)) {
                lastBreak = i;
            }
            float w = face(cp, heavy).font().getStringWidth(clean.substring(i, next)) / 1000 * size;
            if (width + w > maxWidth && i > start) {
                int cut = lastBreak > start ? lastBreak : i;
                lines.add(clean.substring(start, cut).stripTrailing());
                start = cut;
                while (start < i && clean.charAt(start) == ' ') {
                    start++;
                }
                lastBreak = -1;
                width = width(clean.substring(start, i), size, heavy);
                if (cp == ' ' && start == i) {
                    start = next;
                    i = next;
                    continue;
                }
            }
            width += w;
            if ((cp == ' ' || wide && NO_BREAK_AFTER.indexOf(cp) < 0) && !closesAt(clean, next)) {
                lastBreak = next;
            }
            i = next;
        }
        if (start < clean.length() || lines.isEmpty()) {
            lines.add(clean.substring(start).stripTrailing());
        }
        return lines;
    }

    private static boolean closesAt(String text, int i) {
        return i < text.length() && NO_BREAK_BEFORE.indexOf(text.codePointAt(i)) >= 0;
    }

    private static boolean opensBefore(String text, int i) {
        return i > 0 && NO_BREAK_AFTER.indexOf(text.codePointBefore(i)) >= 0;
    }

    @Override
    public void close() throws IOException {
        for (TrueTypeFont f : parsed) {
            f.close();
        }
    }

    private List<Run> runs(String text, boolean heavy) {
        String clean = clean(text);
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Face currentFace = null;
        for (int i = 0; i < clean.length(); ) {
            int cp = clean.codePointAt(i);
            Face face = face(cp, heavy);
            if (face != currentFace && current.length() > 0) {
                runs.add(new Run(currentFace, current.toString()));
                current.setLength(0);
            }
            currentFace = face;
            current.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        if (current.length() > 0) {
            runs.add(new Run(currentFace, current.toString()));
        }
        return runs;
    }

    /** The face that draws {@code cp}; {@link #clean} has already replaced what none can draw. */
    private Face face(int cp, boolean heavy) {
        Face latin = heavy ? bold : regular;
        return latin.has(cp) || !cjk.has(cp) ? latin : cjk;
    }

    /** White space of any kind as a plain space (a line is one line), and {@code ?} for what no face can draw. */
    private String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' ');
            } else if (!Character.isISOControl(cp) && (regular.has(cp) && bold.has(cp) || cjk.has(cp))) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }
}
