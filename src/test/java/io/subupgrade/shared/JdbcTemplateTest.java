package io.subupgrade.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JdbcTemplateTest {
    private static final Jdbc.Template FEED =
            Jdbc.Template.of("SELECT id FROM event WHERE id > ?%s ORDER BY id", " AND a = ?", " AND b = ?");

    @Test
    void conditionsGoWhereThePlaceholderIsInTheirOrder() {
        assertEquals("SELECT id FROM event WHERE id > ? ORDER BY id", FEED.with(false, false));
        assertEquals("SELECT id FROM event WHERE id > ? AND a = ? ORDER BY id", FEED.with(true, false));
        assertEquals("SELECT id FROM event WHERE id > ? AND b = ? ORDER BY id", FEED.with(false, true));
        assertEquals("SELECT id FROM event WHERE id > ? AND a = ? AND b = ? ORDER BY id", FEED.with(true, true));
    }

    @Test
    void aStatementComposedOnceIsTheSameString() {
        assertEquals(System.identityHashCode(FEED.with(true, true)), System.identityHashCode(FEED.with(true, true)));
    }

    @Test
    void oneFlagPerCondition() {
        assertThrows(IllegalArgumentException.class, () -> FEED.with(true));
    }

    @Test
    void exactlyOnePlaceholder() {
        assertThrows(IllegalArgumentException.class, () -> Jdbc.Template.of("SELECT 1", " AND a = ?"));
        assertThrows(IllegalArgumentException.class, () -> Jdbc.Template.of("%s %s", " AND a = ?"));
    }
}
