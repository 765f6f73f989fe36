package io.subupgrade.web;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Problem titles by code and language, from {@code problems*.properties}. */
public final class ProblemTitles {
    private ProblemTitles() {}

    public static String title(String code, Locale language) {
        try {
            return ResourceBundle.getBundle("problems", language).getString(code);
        } catch (MissingResourceException e) {
            return code;
        }
    }

    /** A problem for a part of a response (a rejected batch record) rather than a whole one. */
    public static Problem embedded(ProblemException e) {
        return new Problem(
                "/problems/" + e.code(),
                title(e.code(), Languages.ENGLISH),
                e.status(),
                e.getMessage(),
                null,
                e.code(),
                e.errors() == null || e.errors().isEmpty() ? null : e.errors());
    }
}
