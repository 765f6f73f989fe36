package io.subupgrade.web;

import io.quarkus.panache.common.Parameters;
import java.util.UUID;

/**
 * A Panache query for one page of a list keyed by time-ordered ids: optional filters, then the
 * cursor condition and the matching order. Filters whose value is null are left out.
 */
public final class KeysetFilter {
    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Parameters parameters = new Parameters();
    private final boolean descending;

    private KeysetFilter(UUID cursorId, boolean descending) {
        this.descending = descending;
        and(descending ? "id < :cursorId" : "id > :cursorId", "cursorId", cursorId);
    }

    /** Oldest first, continuing after {@code cursorId} (null: the first page). */
    public static KeysetFilter ascending(UUID cursorId) {
        return new KeysetFilter(cursorId, false);
    }

    /** Newest first, continuing before {@code cursorId} (null: the first page). */
    public static KeysetFilter descending(UUID cursorId) {
        return new KeysetFilter(cursorId, true);
    }

    public KeysetFilter and(String condition, String name, Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            parameters.and(name, value);
        }
        return this;
    }

    public String query() {
        return where + (descending ? " order by id desc" : " order by id");
    }

    public Parameters parameters() {
        return parameters;
    }
}
