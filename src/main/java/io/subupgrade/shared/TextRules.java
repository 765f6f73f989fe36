package io.subupgrade.shared;

/**
 * Which characters free text may hold, as pure functions: the rule behind {@code web/Text} and the account-id check
 * of {@code security/ClaimRules}. Why each kind is refused is told at {@code web/TextValidator}.
 */
public final class TextRules {
    private TextRules() {}

    /** What is wrong with {@code value}, or null when nothing is. */
    public static String problemOf(String value, int min, int max) {
        int length = 0;
        for (int i = 0; i < value.length(); ) {
            char unit = value.charAt(i);
            if (Character.isSurrogate(unit)
                    && !(Character.isHighSurrogate(unit)
                            && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1)))) {
                return "must be valid Unicode (it holds a lone surrogate " + hex(unit) + ")";
            }
            int c = value.codePointAt(i);
            if (isRefused(c)) {
                return "must not contain control or format characters (it holds " + hex(c) + ")";
            }
            length++;
            i += Character.charCount(c);
        }
        if (length < min || length > max) {
            return min > 0 ? "must be " + min + " to " + max + " characters" : "must be at most " + max + " characters";
        }
        return null;
    }

    /** Whether code point {@code c} is refused in free text (and in an account id, {@code security/ClaimRules}). */
    public static boolean isRefused(int c) {
        int type = Character.getType(c);
        if (type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || isNoncharacter(c)) {
            return true;
        }
        return type == Character.FORMAT && c != 0x200C && c != 0x200D && !(c >= 0xE0020 && c <= 0xE007F);
    }

    /** U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...). */
    private static boolean isNoncharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    private static String hex(int c) {
        return String.format("U+%04X", c);
    }
}
