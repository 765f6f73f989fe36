package io.subupgrade.upgrade;

/** SQL fragments that render values the way the API does, for events written by set-based SQL. */
final class Sql {
    private Sql() {}

    /** An RFC 3339 UTC timestamp, as Java writes an {@code Instant} (microseconds, PostgreSQL's precision). */
    static String rfc3339(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }

    /** A Money object with the amount formatted like {@code Money.format}: at least cents, no trailing zeros. */
    static String money(String amount, String currency) {
        return "jsonb_build_object('amount', CASE WHEN scale(trim_scale(" + amount + ")) < 2"
                + " THEN round(" + amount + ", 2)::text ELSE trim_scale(" + amount + ")::text END,"
                + " 'currency', " + currency + ")";
    }
}
