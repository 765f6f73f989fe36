package io.subupgrade.web;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import java.util.List;
import java.util.function.Function;

/**
 * The one keyset pagination of every list: optional filters, then the cursor condition on the key
 * column {@code id} and the matching order, fetched with {@code limit + 1} rows so that {@link Page}
 * can tell whether another page follows. Filters whose value is null are left out. Keys are
 * time-ordered UUIDs (subscriptions, grants, usage, upgrade requests) or catalog ids (offers, meters).
 */
public final class KeysetFilter {
    /**
     * A Panache entity's {@code find(query, parameters)}, written as a lambda {@code (q, p) -> Offer.find(q, p)}:
     * a method reference {@code Offer::find} names PanacheEntityBase's unenhanced method and fails at run time.
     */
    @FunctionalInterface
    public interface Finder<E> {
        PanacheQuery<E> find(String query, Parameters parameters);
    }

    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Parameters parameters = new Parameters();
    private final boolean descending;

    private KeysetFilter(Object cursorKey, boolean descending) {
        this.descending = descending;
        and(descending ? "id < :cursorKey" : "id > :cursorKey", "cursorKey", cursorKey);
    }

    /** Oldest first (ids are time-ordered UUIDs), continuing after the cursor (null: the first page). */
    public static KeysetFilter ascending(String cursor) {
        return new KeysetFilter(Cursors.decodeUuid(cursor), false);
    }

    /** Newest first, continuing before the cursor (null: the first page). */
    public static KeysetFilter descending(String cursor) {
        return new KeysetFilter(Cursors.decodeUuid(cursor), true);
    }

    /** In the order of a text key (catalog ids), continuing after the cursor. */
    public static KeysetFilter byTextKey(String cursor) {
        return new KeysetFilter(Cursors.decode(cursor), false);
    }

    public KeysetFilter and(String condition, String name, Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            parameters.and(name, value);
        }
        return this;
    }

    /** The rows of one page, plus one that only says whether another page follows. */
    public <E> List<E> rows(Finder<E> finder, int limit) {
        return finder.find(where + (descending ? " order by id desc" : " order by id"), parameters)
                .page(0, limit + 1)
                .list();
    }

    /** One page of the list, each row shown through {@code view}. */
    public <E, V> Page<V> page(Finder<E> finder, int limit, Function<E, String> keyOf, Function<E, V> view) {
        return Page.of(rows(finder, limit), limit, keyOf, view);
    }
}
