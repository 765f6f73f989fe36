-- Usage and the invoices it makes, straight in SQL (bench/invoices.sh). For subscriptions bench.sub_id(:kind, :sub_from..:sub_to)
-- (created first when :create = 1: Pay-As-You-Go, USD, no credit): usage records :from..:to per subscription in each
-- of the UTC months :m_from..:m_to months before the current one (0 = the current month), spread over the month
-- (the current one up to now), cycling over the four meters of the rate card at their prices. Then the DRAFT
-- invoices and lines of those subscriptions and months are (re)built from all their usage records with the GROUP BY
-- of V10's backfill, so that the rollup rows hold exactly what folding (invoice/InvoiceFold) would have added up.
-- :status = 'FINALIZED' numbers the new invoices from the invoice_number counter instead (finalized five minutes
-- after the period's end, the default grace), as the finalization job would have (their invoice.finalized events
-- are not written).
-- The transaction runs with session_replication_role = replica, i.e. without the foreign-key checks and triggers:
-- a third of the time for 10,000,000 records (per-row FK checks were two thirds of the insert), and the line trigger
-- would refuse the lines of an invoice seeded FINALIZED (the service wrote them while DRAFT). The rows are
-- consistent by construction; bench/invoices.sh checks the sums afterwards.
-- One transaction, kept short by the caller (bench/invoices.sh seeds ~100,000 records a call): the event feed's
-- horizon waits for the oldest transaction in flight in its database (migration V16; before it, on the whole server),
-- so a long one stalls the feed readers of this database, and of every database on the server still before V16.
-- Record ids: bench.hex_id(:rec_kind, ((i * 16) + month) * 2^20 + k), event ids 'inv-<month>-<k>'.
\set ON_ERROR_STOP on
CREATE OR REPLACE FUNCTION bench.hex_id(kind int, n bigint) RETURNS uuid IMMUTABLE LANGUAGE sql
    AS $$ SELECT (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;
-- The first day of the month :m months before the current UTC month, as a UTC wall-clock timestamp.
CREATE OR REPLACE FUNCTION bench.month(m int) RETURNS timestamp STABLE LANGUAGE sql
    AS $$ SELECT date_trunc('month', now() AT TIME ZONE 'UTC') - m * interval '1 month' $$;
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state,
                          spending_limit, created_at, currency)
SELECT bench.sub_id(:kind, i), 'inv' || :kind || '-' || i, 'invoice bench ' || i, 'MS-AZR-0003P', 'MS-AZR-0003P',
       false, 'ACTIVE', 'OFF', bench.month(:m_to + 1) AT TIME ZONE 'UTC', 'USD'
FROM generate_series(:sub_from, :sub_to) i
WHERE :create = 1;

INSERT INTO usage_record (id, subscription_id, event_id, meter_id, quantity, occurred_at, recorded_at, unit_price,
                          currency, cost, covered_by_credit, billable, not_charged)
SELECT bench.hex_id(:rec_kind, ((i::bigint * 16) + m) * 1048576 + k), bench.sub_id(:kind, i), 'inv-' || m || '-' || k,
       me.id, q.qty, t.at, t.at, me.unit_price_amount, 'USD', q.qty * me.unit_price_amount, 0,
       q.qty * me.unit_price_amount, 0
FROM generate_series(:sub_from, :sub_to) i
CROSS JOIN generate_series(:m_from, :m_to) m
CROSS JOIN generate_series(:from, :to) k
CROSS JOIN LATERAL (SELECT 1 + k % 7 AS qty) q
-- meters in a fixed order, picked by k
JOIN (SELECT id, unit_price_amount, row_number() OVER (ORDER BY id) - 1 AS n FROM meter) me ON me.n = k % 4
-- spread over [month start, min(month end, now)): the upcoming invoice is the current month's
CROSS JOIN LATERAL (SELECT bench.month(m) AT TIME ZONE 'UTC' AS s,
                           least(now(), (bench.month(m) + interval '1 month') AT TIME ZONE 'UTC') AS e) p
CROSS JOIN LATERAL (SELECT p.s + (p.e - p.s) * (k::float8 / (:to + 1)) AS at) t;

-- The rollup rows of those subscriptions and months, built anew from all their usage.
DELETE FROM invoice_line l USING invoice i
WHERE l.invoice_id = i.id AND i.status = 'DRAFT' AND i.subscription_id BETWEEN bench.sub_id(:kind, :sub_from) AND bench.sub_id(:kind, :sub_to)
  AND i.period_start >= bench.month(:m_to) AT TIME ZONE 'UTC' AND i.period_start <= bench.month(:m_from) AT TIME ZONE 'UTC';
DELETE FROM invoice i
WHERE i.status = 'DRAFT' AND i.subscription_id BETWEEN bench.sub_id(:kind, :sub_from) AND bench.sub_id(:kind, :sub_to)
  AND i.period_start >= bench.month(:m_to) AT TIME ZONE 'UTC' AND i.period_start <= bench.month(:m_from) AT TIME ZONE 'UTC';

-- V10's backfill, restricted to these subscriptions and months (WHERE), numbering the invoices when :status says so.
INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start, period_end, status,
                     subtotal, credit_applied, not_charged, total, number_sequence, finalized_at, folded_through)
SELECT uuid_v7_at(p.month AT TIME ZONE 'UTC'), p.subscription_id, s.owner_id, p.currency, p.month AT TIME ZONE 'UTC',
       (p.month + interval '1 month') AT TIME ZONE 'UTC', :'status', p.cost, p.covered, p.not_charged, p.billable,
       CASE WHEN :'status' = 'FINALIZED'
            THEN (SELECT last_value FROM invoice_number) + row_number() OVER (ORDER BY p.month, p.subscription_id) END,
       CASE WHEN :'status' = 'FINALIZED' THEN (p.month + interval '1 month' + interval '5 minutes') AT TIME ZONE 'UTC' END,
       -- a DRAFT invoice holds every record of its subscription so far: its fold watermark (V18) is the last one
       CASE WHEN :'status' = 'DRAFT' THEN (SELECT r.id FROM usage_record r WHERE r.subscription_id = p.subscription_id
                                           ORDER BY r.id DESC LIMIT 1) END
FROM (SELECT r.subscription_id, r.currency, date_trunc('month', r.recorded_at AT TIME ZONE 'UTC') AS month,
             sum(r.cost) AS cost, sum(r.covered_by_credit) AS covered, sum(r.not_charged) AS not_charged,
             sum(r.billable) AS billable
      FROM usage_record r
      WHERE r.subscription_id BETWEEN bench.sub_id(:kind, :sub_from) AND bench.sub_id(:kind, :sub_to)
        AND r.recorded_at >= bench.month(:m_to) AT TIME ZONE 'UTC'
        AND r.recorded_at < (bench.month(:m_from) + interval '1 month') AT TIME ZONE 'UTC'
      GROUP BY 1, 2, 3) p
JOIN subscription s ON s.id = p.subscription_id;
UPDATE invoice_number SET last_value = (SELECT coalesce(max(number_sequence), 0) FROM invoice)
WHERE :'status' = 'FINALIZED';

INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount)
SELECT gen_random_uuid(), i.id, l.meter_id, l.unit_price, m.unit, m.name_en, m.name_zh_tw, l.quantity, l.amount
FROM (SELECT r.subscription_id, r.meter_id, r.unit_price,
             date_trunc('month', r.recorded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period_start,
             sum(r.quantity) AS quantity, sum(r.cost) AS amount
      FROM usage_record r
      WHERE r.subscription_id BETWEEN bench.sub_id(:kind, :sub_from) AND bench.sub_id(:kind, :sub_to)
        AND r.recorded_at >= bench.month(:m_to) AT TIME ZONE 'UTC'
        AND r.recorded_at < (bench.month(:m_from) + interval '1 month') AT TIME ZONE 'UTC'
      GROUP BY 1, 2, 3, 4) l
JOIN invoice i ON i.subscription_id = l.subscription_id AND i.period_start = l.period_start
JOIN meter m ON m.id = l.meter_id;
COMMIT;
