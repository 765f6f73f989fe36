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
     * {@code id}, or the id right above {@code floor} when {@code id} is not above it (null: no floor), in
     * PostgreSQL's uuid order (unsigned, byte by byte; {@link UUID#compareTo} compares signed). The step adds one to
     * the random bits, so the result is still a version 7 id of the floor's millisecond.
     */
    public static UUID above(UUID id, UUID floor) {
        if (floor == null || compare(id, floor) > 0) {
            return id;
        }
        long lsb = floor.getLeastSignificantBits();
        long msb = floor.getMostSignificantBits();
        if ((lsb & 0x3FFFFFFFFFFFFFFFL) == 0x3FFFFFFFFFFFFFFFL) {
            // rand_b is all ones: carry into rand_a (12 bits), and from it into the millisecond, past the version
            long next = (msb & 0x0FFFL) == 0x0FFFL ? (((msb >>> 16) + 1) << 16) | 0x7000L : msb + 1;
            return new UUID(next, lsb & 0xC000000000000000L);
        }
        return new UUID(msb, lsb + 1);
    }

    /** PostgreSQL's order of uuids: unsigned, most significant half first. */
    public static int compare(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
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
