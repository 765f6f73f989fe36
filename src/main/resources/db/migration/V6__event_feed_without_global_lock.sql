-- The event feed without a global lock (DESIGN.md section 7).
--
-- Before: every writer took one advisory lock held to commit, so ids were handed out in commit order, and every
-- event-producing transaction of the service ran one at a time. Now an event's id is derived from its transaction
-- id (xid8) and its position in that transaction:
--
--     id = base_id + (xid - base_xid) * 65536 + n        (n = 1, 2, ... within the transaction)
--
-- so ids order events by transaction id, then by insertion. A reader exposes only ids below the feed horizon, the
-- id of the oldest transaction still in flight (pg_snapshot_xmin of its snapshot): every event below it belongs to
-- a finished transaction, and every event not yet visible (in flight now, or written by a later transaction) gets
-- an id at or above it. The visible part of the feed therefore only ever grows at its end: a reader paging with
-- ?after= never skips an event that commits late, and writers never wait for each other.
-- base_id continues after the ids handed out before this migration; ids stay below 2^53 (safe in JavaScript
-- numbers) for 137 billion transactions.

ALTER TABLE event ALTER COLUMN id DROP IDENTITY;
ALTER TABLE event ADD COLUMN xid xid8;

DO $migration$
DECLARE
    base_id  bigint := (SELECT coalesce(max(id), 0) + 1 FROM event);
    base_xid bigint := pg_current_xact_id()::text::bigint;
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION event_assign_id() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE
            n integer := coalesce(nullif(current_setting('subupgrade.event_n', true), ''), '0')::integer + 1;
        BEGIN
            IF n > 65535 THEN
                RAISE EXCEPTION 'more than 65535 events in one transaction';
            END IF;
            -- Transaction-local: the count starts again in the next transaction.
            PERFORM set_config('subupgrade.event_n', n::text, true);
            NEW.xid := pg_current_xact_id();
            NEW.id := %1$s + (NEW.xid::text::bigint - %2$s) * 65536 + n;
            RETURN NEW;
        END $body$
    $f$, base_id, base_xid);

    EXECUTE format($f$
        CREATE FUNCTION event_feed_horizon() RETURNS bigint LANGUAGE sql STABLE AS $body$
            SELECT %1$s + (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - %2$s) * 65536
        $body$
    $f$, base_id, base_xid);
END
$migration$;

CREATE TRIGGER event_assign_id BEFORE INSERT ON event FOR EACH ROW EXECUTE FUNCTION event_assign_id();
