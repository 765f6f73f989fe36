package io.subupgrade.shared;

import io.subupgrade.problem.ProblemException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * The service's ids, made and read. New ones are time-ordered UUIDs (RFC 9562 version 7): new rows land at the right
 * edge of the primary-key index and keyset pagination by id follows creation order. Ids arrive as text in paths and
 * queries: {@link #parse} reads them, a malformed one being a 400 naming the parameter.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static UUID newId() {
        return at(Instant.now());
    }

    /**
     * A version 7 id whose time part is {@code t} rather than now: invoices carry their period's start, so that their
     * ids sort by period (ids for the same instant differ in their random part).
     */
    public static UUID at(Instant t) {
        long millis = t.toEpochMilli();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The id in a path or query parameter {@code field}; a malformed one is a 400 problem naming {@code field}. */
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
