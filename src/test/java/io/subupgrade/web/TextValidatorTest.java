package io.subupgrade.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.subupgrade.shared.TextRules;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule of {@link Text} on its own: what free text may hold, and how its length is counted. */
class TextValidatorTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "My first trial",
                "免費試用",
                "Café", // é composed
                "Cafe\u0301", // e + combining acute accent
                "עברית and العربية", // right-to-left scripts need no override characters
                "\uD83D\uDE80 launch", // 🚀, a surrogate pair
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // 👨‍👩‍👧, joined by U+200D
                "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", // flag of
                // Scotland
                "\uE000 private use",
                ""
            })
    void acceptsText(String text) {
        assertNull(TextRules.problemOf(text, 0, 100));
    }

    /** Each refused character, in the middle of a name (where a trim would not remove it). */
    static Stream<Arguments> refusedCharacters() {
        return IntStream.of(
                        0x0000, 0x0007, 0x0009, 0x000A, 0x000D, 0x001B, 0x007F, 0x0085, 0x009B, // C0, DEL, C1
                        0x202A, 0x202D, 0x202E, 0x2066, 0x2068, 0x2069, // bidi embeddings, overrides, isolates
                        0x200E, 0x200F, 0x061C, // bidi marks
                        0x200B, 0xFEFF, 0x00AD, // zero-width space, BOM, soft hyphen
                        0x2028, 0x2029, // line and paragraph separators
                        0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFF) // noncharacters
                .mapToObj(c -> Arguments.of("a" + Character.toString(c) + "b", String.format("U+%04X", c)));
    }

    @ParameterizedTest
    @MethodSource("refusedCharacters")
    void refusesControlAndFormatCharacters(String text, String codePoint) {
        assertEquals(
                "must not contain control or format characters (it holds " + codePoint + ")",
                TextRules.problemOf(text, 0, 100));
    }

    static Stream<Arguments> loneSurrogates() {
        return Stream.of(
                Arguments.of("lone \uD800 high", "U+D800"),
                Arguments.of("lone \uDC00 low", "U+DC00"),
                Arguments.of("reversed \uDE80\uD83D", "U+DE80"),
                Arguments.of("at the end \uD83D", "U+D83D"));
    }

    @ParameterizedTest
    @MethodSource("loneSurrogates")
    void refusesLoneSurrogates(String text, String unit) {
        assertEquals(
                "must be valid Unicode (it holds a lone surrogate " + unit + ")", TextRules.problemOf(text, 0, 100));
    }

    @ParameterizedTest
    @CsvSource({"1, true", "99, true", "100, true", "101, false"})
    void countsCodePointsNotUtf16Units(int emoji, boolean accepted) {
        String text = "\uD83D\uDE80".repeat(emoji); // each is 2 UTF-16 units, 1 character
        assertEquals(accepted ? null : "must be at most 100 characters", TextRules.problemOf(text, 0, 100));
    }

    @ParameterizedTest
    @CsvSource({"0, false", "1, true", "200, true", "201, false"})
    void honoursAMinimum(int length, boolean accepted) {
        assertEquals(accepted ? null : "must be 1 to 200 characters", TextRules.problemOf("字".repeat(length), 1, 200));
    }
}
