-- The feed horizon follows this database's transactions only (issue 28; docs/design.md §10, §12 and §14).
--
-- V6's horizon was the snapshot's xmin: the oldest transaction in flight on the whole server. A long writing
-- transaction in another database of the same server (a bulk load, a forgotten BEGIN in psql) therefore hid every
-- new event and held every webhook delivery until it ended. The horizon is now the oldest transaction that may still
-- commit an event in this database:
--
--     horizon = min(the snapshot's in-flight xids, less those proven to belong to another database;
--                   this transaction's own xid; the snapshot's xmax)
--
-- It stays at or below the xid of every transaction that may still commit an event here, which is all the readers
-- need (V6): every event below it is visible to the reading statement or will never exist.
-- - An xid is dropped only when a backend of another database holds it (pg_stat_activity: datid and backend_xid) or
--   it is prepared in another database (pg_prepared_xacts). A transaction cannot write another database's tables.
--   Everything else is kept: this database's transactions, a backend that ended between the snapshot and the read
--   of pg_stat_activity, a process with no database. So a miss only lowers the horizon for one call.
-- - pg_stat_activity is read after the snapshot and is cached until the end of the transaction; a row read earlier
--   is still true, because an xid belongs to one backend, hence one database, for good. PostgreSQL shows datid and
--   backend_xid to every role (not only to superusers and pg_read_all_stats), so no grant is needed.
-- - A transaction that is given its xid after the snapshot gets one at or above xmax: above the horizon.
-- - The snapshot's xip lists neither the reader's own xid (V6's xmin counted it) nor, on a standby, anything at all
--   (a snapshot taken during recovery keeps its xids elsewhere): the own xid is added, and a standby keeps xmin.
-- - backend_xid and pg_prepared_xacts.transaction are 32-bit; each is widened with the epoch of xmax, to the largest
--   value <= xmax with the same low 32 bits. Every xid in the snapshot lies less than 2^31 below xmax, so this is
--   exact for them; a later xid widens to xmax itself or to 2^31 or more below it, and matches none of them.
-- STABLE is required, not an optimisation: the function must see the snapshot of the statement that reads the events
-- (a VOLATILE one would take a newer snapshot and could expose ids whose events that statement cannot see). PL/pgSQL,
-- because it keeps its plans for the session: the same body as a SQL function was planned on every call (0.7 ms, where
-- this one takes microseconds). The readers call it once per statement, as an uncorrelated subquery.
--
-- The constants base_id and base_xid are the writer's (event_assign_id, baked in by V6): they are read back from its
-- body, and the migration fails rather than guess if that body or V6's horizon does not have the expected form.

DO $migration$
DECLARE
    writer text := (SELECT prosrc FROM pg_proc WHERE oid = 'event_assign_id()'::regprocedure);
    reader text := (SELECT prosrc FROM pg_proc WHERE oid = 'event_feed_horizon()'::regprocedure);
    w text[] := regexp_match(writer,
            'NEW\.id := (\d+) \+ \(NEW\.xid::text::bigint - (\d+)\) \* 65536 \+ n;');
    r text[] := regexp_match(reader,
            'SELECT (\d+) \+ \(pg_snapshot_xmin\(pg_current_snapshot\(\)\)::text::bigint - (\d+)\) \* 65536');
BEGIN
    IF w IS NULL OR r IS NULL OR w <> r THEN
        RAISE EXCEPTION 'event_assign_id() and event_feed_horizon() are not those of V6 (base_id and base_xid %, %)',
            w, r;
    END IF;

    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION event_feed_horizon() RETURNS bigint LANGUAGE plpgsql STABLE AS $body$
        DECLARE
            snap pg_snapshot := pg_current_snapshot();
            snap_xmin bigint := pg_snapshot_xmin(snap)::text::bigint;
            snap_xmax bigint := pg_snapshot_xmax(snap)::text::bigint;
            own bigint := pg_current_xact_id_if_assigned()::text::bigint;
            horizon bigint;
        BEGIN
            -- xmin is the answer, without reading pg_stat_activity, when nothing is in flight (xmin = xmax), when the
            -- oldest transaction is our own, and on a standby.
            IF snap_xmin = snap_xmax OR snap_xmin = own OR pg_is_in_recovery() THEN
                horizon := snap_xmin;
            ELSE
                SELECT min(xip.x) INTO horizon
                FROM (SELECT x::text::bigint AS x FROM pg_snapshot_xip(snap) x) xip
                WHERE NOT EXISTS (
                        SELECT 1 FROM pg_stat_activity a
                        WHERE a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database())
                          AND snap_xmax - ((snap_xmax - a.backend_xid::text::bigint) & 4294967295) = xip.x)
                  AND NOT EXISTS (
                        SELECT 1 FROM pg_prepared_xacts p
                        WHERE p.database <> current_database()
                          AND snap_xmax - ((snap_xmax - p.transaction::text::bigint) & 4294967295) = xip.x);
                -- least() skips NULLs: no xid kept, no xid of our own.
                horizon := least(horizon, snap_xmax, own);
            END IF;
            RETURN %1$s + (horizon - %2$s) * 65536;
        END
        $body$
    $f$, w[1], w[2]);
END
$migration$;
