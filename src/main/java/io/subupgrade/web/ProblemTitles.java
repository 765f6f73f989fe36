package io.subupgrade.web;

import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Problem titles by code and language, from {@code problems*.properties}. */
public final class ProblemTitles {
    private ProblemTitles() {}

    public static String title(ProblemCode code, Locale language) {
        try {
            return ResourceBundle.getBundle("problems", language).getString(code.wireName());
        } catch (MissingResourceException e) {
            return code.wireName();
        }
    }

    /**
     * A problem for a part of a response (a rejected batch record) rather than a whole one: without a request id, which
     * belongs to the whole response (its header).
     */
    public static Problem embedded(ProblemException e) {
        return new Problem(
                e.code().type(),
                title(e.code(), Languages.ENGLISH),
                e.code().status(),
                e.getMessage(),
                null,
                e.code().wireName(),
                null,
                e.errors() == null || e.errors().isEmpty() ? null : e.errors());
    }
}
