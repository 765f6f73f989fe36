-- Helpers of the benchmark, in their own schema (the service's tables stay untouched).
\set ON_ERROR_STOP on
CREATE SCHEMA bench;
-- kind 0: subscriptions, 16: grants, 33/34: usage history, 1..15: finalizer sets, 48+set: their requests.
CREATE FUNCTION bench.sub_id(kind int, i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql
    AS $$ SELECT (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid $$;
CREATE FUNCTION bench.created(i bigint) RETURNS timestamptz STABLE LANGUAGE sql
    AS $$ SELECT date_trunc('minute', now()) - interval '20 days' + i * interval '1 millisecond' $$;
CREATE TABLE bench.ingest (n int PRIMARY KEY, sub_id uuid NOT NULL, grant_id uuid NOT NULL, owner_id text NOT NULL);
