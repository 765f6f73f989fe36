-- The statements of POST /v1/usage-batches for :batch records (UsageWriter's and InvoiceFold.open's text),
-- one transaction per batch as in the service. The usage is folded into the invoices later, outside this
-- transaction (invoice/InvoiceFold; the service's fold job runs during its own measurement, not during this
-- one). The first query stands in for the client building its arrays (outside the transaction): a window of
-- :batch consecutive ingestion targets in this client's partition, like wrk's usage.lua.
\set start random(0, :psize - 1)
\set pbase :client_id * :psize
\set r random(1, 1000000000000)
WITH w AS (SELECT g, i.sub_id, i.grant_id, i.owner_id, b.remaining_amount
           FROM generate_series(0, :batch - 1) g
           JOIN bench.ingest i ON i.n = :pbase + (:start + g) % :psize
           JOIN benefit_balance b ON b.id = i.grant_id),
-- the invoices the batch opens: one per distinct subscription of the window without an invoice of the current UTC
-- month (the period of usage recorded now), as the service finds them in its read after the lock; after the first
-- batch of the month there are none, and the service (and this script) sends no INSERT
     inv AS (SELECT sub_id, min(owner_id) AS owner_id,
                    date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS s
             FROM w WHERE NOT EXISTS (SELECT 1 FROM invoice x WHERE x.subscription_id = w.sub_id
                                      AND x.period_start = date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
             GROUP BY sub_id)
SELECT array_agg(w.sub_id ORDER BY g) AS subs, array_agg(gen_random_uuid()) AS ids,
       array_agg('p' || :batch || '-' || :client_id || '-' || :r || '-' || g ORDER BY g) AS events,
       array_agg('vm-b1s-hour'::text) AS meters, array_agg(1.000000) AS qty, array_agg(now()) AS occurred,
       array_agg(now()) AS recorded, array_agg(0.010400) AS prices, array_agg('USD'::text) AS currencies,
       array_agg(0.010400) AS costs, array_agg(0.010400) AS covered, array_agg(0.000000) AS billable,
       array_agg(0.000000) AS notcharged, array_agg(w.grant_id ORDER BY g) AS grants,
       array_agg(w.remaining_amount - 0.0104 ORDER BY g) AS remaining, now() AS now,
       (SELECT array_agg(uuid_v7_at(s)) FROM inv) AS inv_ids, (SELECT array_agg(sub_id) FROM inv) AS inv_subs,
       (SELECT array_agg(owner_id) FROM inv) AS owners, (SELECT array_agg('USD'::text) FROM inv) AS inv_currencies,
       (SELECT array_agg(s) FROM inv) AS pstart, (SELECT array_agg(s + interval '1 month') FROM inv) AS pend,
       (SELECT array_agg('00000000-0000-0000-0000-000000000000'::uuid) FROM inv) AS inv_folded,
       (SELECT count(*) FROM inv) AS n_open,
       date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month
FROM w \gset
BEGIN;
SELECT id, owner_id, state, spending_limit, trial_ends_at, pending_upgrade_request_id, currency FROM subscription WHERE id = ANY (:subs) ORDER BY id FOR UPDATE;
SELECT k.id, last.id, NULL::uuid, NULL::numeric, NULL::varchar, NULL::numeric, NULL::timestamptz, NULL::timestamptz, NULL::numeric, EXISTS (SELECT 1 FROM invoice i WHERE i.subscription_id = k.id AND i.period_start = :month) FROM unnest(:subs::uuid[]) AS k(id) LEFT JOIN LATERAL (SELECT r.id FROM usage_record r WHERE r.subscription_id = k.id ORDER BY r.id DESC LIMIT 1) last ON true UNION ALL SELECT subscription_id, NULL, id, original_amount, currency, remaining_amount, granted_at, expires_at, all_original, NULL FROM (SELECT b.*, sum(original_amount) OVER (PARTITION BY subscription_id) AS all_original FROM benefit_balance b WHERE subscription_id = ANY (:subs)) b WHERE status = 'ACTIVE' AND remaining_amount > 0 AND (expires_at IS NULL OR expires_at > :now);
SELECT r.id, r.subscription_id, r.event_id, r.meter_id, r.quantity, r.occurred_at, r.recorded_at, r.unit_price, r.currency, r.cost, r.covered_by_credit, r.billable, r.not_charged FROM usage_record r JOIN unnest(:subs::uuid[], :events::varchar[]) AS k(subscription_id, event_id) ON r.subscription_id = k.subscription_id AND r.event_id = k.event_id;
SELECT id, name_en, name_zh_tw, unit, unit_price_amount, unit_price_currency, version FROM meter WHERE id = ANY (ARRAY['vm-b1s-hour']::varchar[]);
INSERT INTO usage_record (id, subscription_id, event_id, meter_id, quantity, occurred_at, recorded_at, unit_price, currency, cost, covered_by_credit, billable, not_charged) SELECT * FROM unnest(:ids::uuid[], :subs::uuid[], :events::varchar[], :meters::varchar[], :qty::numeric[], :occurred::timestamptz[], :recorded::timestamptz[], :prices::numeric[], :currencies::varchar[], :costs::numeric[], :covered::numeric[], :billable::numeric[], :notcharged::numeric[]);
\if :n_open > 0
INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start, period_end, status, subtotal, credit_applied, not_charged, total, folded_through) SELECT id, subscription_id, owner_id, currency, period_start, period_end, 'DRAFT', 0, 0, 0, 0, folded FROM unnest(:inv_ids::uuid[], :inv_subs::uuid[], :owners::varchar[], :inv_currencies::varchar[], :pstart::timestamptz[], :pend::timestamptz[], :inv_folded::uuid[]) AS v(id, subscription_id, owner_id, currency, period_start, period_end, folded) ON CONFLICT (subscription_id, period_start) DO NOTHING;
\endif
UPDATE benefit_balance b SET remaining_amount = v.remaining, status = CASE WHEN v.remaining = 0 THEN 'EXHAUSTED' ELSE b.status END FROM unnest(:grants::uuid[], :remaining::numeric[]) AS v(id, remaining) WHERE b.id = v.id;
END;
