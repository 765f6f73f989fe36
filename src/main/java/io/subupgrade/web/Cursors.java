package io.subupgrade.web;

import io.subupgrade.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursors: the sort key of the last row, base64url-encoded so clients do not build
 * them by hand. A cursor that does not decode is a 400, never a 500.
 */
public final class Cursors {
    private static final String PREFIX = "v1:";

    private Cursors() {}

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor carries, or null for the first page. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                throw invalid();
            }
            return text.substring(PREFIX.length());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public static UUID decodeUuid(String cursor) {
        String key = decode(cursor);
        if (key == null) {
            return null;
        }
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.invalid("cursor", "is not a cursor returned by this list");
    }
}
