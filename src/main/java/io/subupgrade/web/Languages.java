package io.subupgrade.web;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * Content negotiation for the two languages the service speaks: the Accept-Language ranges by
 * descending quality value (RFC 9110, parsed by {@link Locale.LanguageRange}); the first range we
 * can serve wins. JAX-RS's getAcceptableLanguages is not used because it keeps ranges with
 * {@code q=0}, which mean "not this language".
 */
public final class Languages {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale TRADITIONAL_CHINESE = Locale.forLanguageTag("zh-TW");

    private Languages() {}

    public static Locale negotiate(HttpHeaders headers) {
        List<String> values = headers == null ? null : headers.getRequestHeader(HttpHeaders.ACCEPT_LANGUAGE);
        return values == null || values.isEmpty() ? ENGLISH : negotiate(String.join(",", values));
    }

    /** For the checks that run before Quarkus REST, which have the header's text only. */
    public static Locale negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isEmpty()) {
            return ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException e) {
            return ENGLISH; // an unreadable preference is no preference, not a failed request
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            if ("*".equals(range.getRange())) {
                return ENGLISH;
            }
            Locale tag = Locale.forLanguageTag(range.getRange());
            if ("zh".equals(tag.getLanguage()) && isTraditional(tag)) {
                return TRADITIONAL_CHINESE;
            }
            if ("en".equals(tag.getLanguage())) {
                return ENGLISH;
            }
        }
        return ENGLISH;
    }

    public static boolean isChinese(Locale locale) {
        return TRADITIONAL_CHINESE.equals(locale);
    }

    /** zh-TW, zh-HK, zh-MO and zh-Hant are written in Traditional characters; zh-CN and zh-Hans are not. */
    private static boolean isTraditional(Locale range) {
        String script = range.getScript();
        if (!script.isEmpty()) {
            return "Hant".equals(script);
        }
        String region = range.getCountry();
        return region.equals("TW") || region.equals("HK") || region.equals("MO");
    }
}
