package io.subupgrade.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * The rule behind {@link Text}.
 *
 * <ul>
 *   <li>Valid Unicode: a lone UTF-16 surrogate (JSON {@code "\ud800"}) has no UTF-8 form, so PostgreSQL would store
 *       {@code ?} while the response echoed what was sent.
 *   <li>No control characters (C0, DEL, C1: a BEL or ESC in a name reaches terminals and logs), no line or paragraph
 *       separators (names are one line), no noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF and their kin in every
 *       plane: never meant for interchange).
 *   <li>No format characters (Unicode category Cf): bidi overrides and isolates (U+202E makes "gpj.exe" read
 *       "exe.jpg"), bidi marks, zero-width spaces, the BOM. Except the zero-width joiner and non-joiner, which emoji
 *       sequences and some scripts need, and the tag characters U+E0020-U+E007F, which only appear in flag emoji.
 *   <li>Length in code points, as JSON Schema's {@code maxLength} (and PostgreSQL's {@code varchar(n)}) count it, not
 *       in UTF-16 units as {@code @Size} does: 100 emoji are 100 characters.
 * </ul>
 */
public class TextValidator implements ConstraintValidator<Text, String> {
    private int min;
    private int max;

    @Override
    public void initialize(Text text) {
        min = text.min();
        max = text.max();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String problem = problemOf(value, min, max);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Our own words, with no '{' or '$' in them, so nothing is interpolated.
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    /** What is wrong with {@code value}, or null when nothing is. */
    static String problemOf(String value, int min, int max) {
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
