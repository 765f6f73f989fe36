package io.subupgrade.web;

import io.subupgrade.shared.TextRules;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * The rule behind {@link Text}, applied by {@link TextRules}.
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
        String problem = TextRules.problemOf(value, min, max);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Our own words, with no '{' or '$' in them, so nothing is interpolated.
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }
}
