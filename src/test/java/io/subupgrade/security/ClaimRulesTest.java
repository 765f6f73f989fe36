package io.subupgrade.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The claim rules on their own: which account ids and expiry times a verified token may carry. */
class ClaimRulesTest {
    private static final long NOW = 1_800_000_000L;
    private static final long IN_AN_HOUR = NOW + 3600;

    @ParameterizedTest(name = "[{index}] sub=''{0}'' exp=now+{1}s -> accepted={2}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            nullValues = "NULL",
            ignoreLeadingAndTrailingWhitespace = false,
            value = {
                "alice|3600|true",
                "acct-3f2c8a4e-5b1d-4c7a-9e2f-1a2b3c4d5e6f|3600|true",
                "Ada Lovelace|3600|true", // inner spaces are fine: only the ends are trimmed by accident
                "用戶甲|3600|true",
                "alice|31622400|true", // exactly 366 days
                "alice|31622401|false", // one second more
                "alice|1800000000000|false", // exp in milliseconds: 1.8e12 - now
                "|3600|false",
                "NULL|3600|false",
                "   |3600|false",
                " alice |3600|false",
                " alice|3600|false",
                "alice |3600|false",
                "alice\t|3600|false",
            })
    void acceptsOnlyPlausibleClaims(String sub, long secondsAhead, boolean accepted) {
        assertEquals(accepted, ClaimRules.refusal(sub, NOW + secondsAhead, NOW).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"1, true", "255, true", "256, false", "10000, false"})
    void accountIdsAreAtMost255Characters(int length, boolean accepted) {
        assertEquals(
                accepted,
                ClaimRules.refusal("a".repeat(length), IN_AN_HOUR, NOW).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"0", "10", "31", "127", "133"}) // NUL, LF, US, DEL, NEL
    void controlCharactersAreRefusedAnywhere(int codePoint) {
        Optional<String> refusal = ClaimRules.refusal("ali" + (char) codePoint + "ce", IN_AN_HOUR, NOW);
        assertEquals(Optional.of("sub contains a control or format character"), refusal);
    }

    /** Bidi controls make an id display as another in logs and consoles (U+202E reverses what follows it). */
    @ParameterizedTest
    @CsvSource({
        "0x0000",
        "0x001F",
        "0x007F",
        "0x0080",
        "0x009F", // C0, DEL, C1
        "0x200E",
        "0x200F", // LRM, RLM
        "0x202A",
        "0x202B",
        "0x202C",
        "0x202D",
        "0x202E", // embeddings, pop, overrides
        "0x2066",
        "0x2067",
        "0x2068",
        "0x2069", // isolates
        "0x200B",
        "0xFEFF",
        "0x2028",
        "0x2029",
        "0xFFFF" // zero-width space, BOM, separators, a noncharacter
    })
    void controlBidiAndFormatCharactersAreRefused(String hex) {
        int codePoint = Integer.decode(hex);
        Optional<String> refusal = ClaimRules.refusal("alice" + Character.toString(codePoint) + "x", IN_AN_HOUR, NOW);
        assertEquals(Optional.of("sub contains a control or format character"), refusal, hex);
    }

    @ParameterizedTest
    @CsvSource({"0x200C", "0x200D", "0x1F600", "0x00E9", "0x05D0"}) // ZWNJ, ZWJ, an emoji, é, a Hebrew letter
    void joinersEmojiAndRightToLeftLettersAreFine(String hex) {
        int codePoint = Integer.decode(hex);
        assertEquals(
                Optional.empty(), ClaimRules.refusal("alice" + Character.toString(codePoint), IN_AN_HOUR, NOW), hex);
    }

    @Test
    void loneSurrogatesAreRefused() {
        assertEquals(
                Optional.of("sub is not valid Unicode"), ClaimRules.refusal("alice" + (char) 0xD800, IN_AN_HOUR, NOW));
        assertEquals(
                Optional.of("sub is not valid Unicode"), ClaimRules.refusal((char) 0xDC00 + "alice", IN_AN_HOUR, NOW));
    }
}
