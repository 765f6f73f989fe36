package io.subupgrade.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The record ids a subscription's batches hand out grow in PostgreSQL's uuid order (the invoice fold's watermark). */
class IdsTest {

    @Test
    void anIdAboveItsFloorIsKept() {
        UUID floor = Ids.at(Instant.parse("2026-12-01T00:00:00Z"));
        UUID id = Ids.at(Instant.parse("2026-12-01T00:00:01Z"));
        assertSame(id, Ids.above(id, floor));
        assertSame(id, Ids.above(id, null));
    }

    @Test
    void anIdNotAboveItsFloorBecomesTheNextOne() {
        // A clock behind the one that wrote the floor (another instance), and the same id again.
        UUID floor = Ids.at(Instant.parse("2026-12-01T00:00:05Z"));
        UUID behind = Ids.at(Instant.parse("2026-12-01T00:00:01Z"));
        UUID next = Ids.above(behind, floor);
        assertTrue(Ids.compare(next, floor) > 0);
        assertEquals(floor.getMostSignificantBits(), next.getMostSignificantBits());
        assertEquals(floor.getLeastSignificantBits() + 1, next.getLeastSignificantBits());
        assertEquals(7, next.version());
        assertEquals(2, next.variant());
        assertTrue(Ids.compare(Ids.above(floor, floor), floor) > 0);
    }

    @Test
    void theRandomBitsCarryPastTheVersion() {
        UUID floor = new UUID(0x0123456789ab7abcL, 0xbfffffffffffffffL);
        UUID next = Ids.above(floor, floor);
        assertEquals(new UUID(0x0123456789ab7abdL, 0x8000000000000000L), next);
        // rand_a full too: the next millisecond
        UUID full = new UUID(0x0123456789ab7fffL, 0xbfffffffffffffffL);
        UUID after = Ids.above(full, full);
        assertEquals(new UUID(0x0123456789ac7000L, 0x8000000000000000L), after);
        assertTrue(Ids.compare(after, full) > 0);
        assertEquals(7, after.version());
        assertEquals(2, after.variant());
    }

    @Test
    void theOrderIsPostgresqlsUnsignedOne() {
        // UUID.compareTo compares the halves as signed longs: an id whose first bit is set would sort first.
        UUID low = new UUID(0x7fffffffffffffffL, 0);
        UUID high = new UUID(0x8000000000000000L, 0);
        assertTrue(low.compareTo(high) > 0);
        assertTrue(Ids.compare(low, high) < 0);
        assertTrue(Ids.compare(new UUID(1, 0x7fffffffffffffffL), new UUID(1, 0x8000000000000000L)) < 0);
    }
}
