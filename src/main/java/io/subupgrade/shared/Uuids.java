package io.subupgrade.shared;

import io.subupgrade.problem.ProblemException;
import java.util.UUID;

/** Ids arrive as text in paths and queries: a malformed one is a 400 naming the parameter. */
public final class Uuids {
    private Uuids() {}

    public static UUID parse(String field, String value) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the problem below
        }
        throw ProblemException.invalid(field, "must be a UUID");
    }
}
