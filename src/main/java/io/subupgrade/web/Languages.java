package io.subupgrade.web;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/**
 * Content negotiation for the two languages the service speaks. JAX-RS has already parsed
 * Accept-Language and sorted it by quality value; the first range we can serve wins.
 */
public final class Languages {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale TRADITIONAL_CHINESE = Locale.forLanguageTag("zh-TW");

    private Languages() {}

    public static Locale negotiate(HttpHeaders headers) {
        if (headers == null) {
            return ENGLISH;
        }
        for (Locale range : headers.getAcceptableLanguages()) {
            if ("zh".equals(range.getLanguage()) && isTraditional(range)) {
                return TRADITIONAL_CHINESE;
            }
            if ("en".equals(range.getLanguage()) || "*".equals(range.toString())) {
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
