package io.subupgrade.web;

import java.util.List;
import java.util.function.Function;

/** The list envelope of every collection: {@code {data, nextCursor}}. */
public record Page<T>(List<T> data, String nextCursor) {

    /**
     * Builds a page from rows fetched with {@code limit + 1}: the extra row only says that another
     * page exists, and the cursor points after the last row returned.
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, String> keyOf, Function<R, T> view) {
        boolean more = rows.size() > limit;
        List<R> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursors.encode(keyOf.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}
