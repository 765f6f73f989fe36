-- The statements of POST /v1/usage-batches for :batch records (UsageWriter's and InvoiceRollup's text),
-- one transaction per batch as in the service. The first query stands in for the client building
-- its arrays (outside the transaction): a window of :batch consecutive ingestion targets in this
-- client's partition, like wrk's usage.lua.
\set start random(0, :psize - 1)
\set pbase :client_id * :psize
\set r random(1, 1000000000000)
WITH w AS (SELECT g, i.sub_id, i.grant_id, i.owner_id, b.remaining_amount
           FROM generate_series(0, :batch - 1) g
           JOIN bench.ingest i ON i.n = :pbase + (:start + g) % :psize
           JOIN benefit_balance b ON b.id = i.grant_id),
-- the rollup's rows: an invoice of the current UTC month (the period of usage recorded now) and one line (one meter,
-- one price) per distinct subscription of the window, with the sums of its records (the window holds each once
-- unless it is longer than the partition, as in --smoke)
     inv AS (SELECT sub_id, min(owner_id) AS owner_id, count(*) AS n,
                    date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS s
             FROM w GROUP BY sub_id)
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
       (SELECT array_agg(n * 0.010400) FROM inv) AS inv_costs, (SELECT array_agg(0.000000) FROM inv) AS inv_zeros,
       (SELECT array_agg(gen_random_uuid()) FROM inv) AS line_ids, (SELECT array_agg('vm-b1s-hour'::text) FROM inv) AS line_meters,
       (SELECT array_agg(0.010400) FROM inv) AS line_prices, (SELECT array_agg('1 Hour'::text) FROM inv) AS units,
       (SELECT array_agg('Virtual Machines B1s'::text) FROM inv) AS names_en,
       (SELECT array_agg('虛擬機器 B1s'::text) FROM inv) AS names_zh, (SELECT array_agg(n * 1.000000) FROM inv) AS line_qty
FROM w \gset
BEGIN;
SELECT id, owner_id, state, spending_limit, trial_ends_at, pending_upgrade_request_id, currency FROM subscription WHERE id = ANY (:subs) ORDER BY id FOR UPDATE;
SELECT id, subscription_id, original_amount, currency, remaining_amount, granted_at, expires_at, all_original FROM (SELECT b.*, sum(original_amount) OVER (PARTITION BY subscription_id) AS all_original FROM benefit_balance b WHERE subscription_id = ANY (:subs)) b WHERE status = 'ACTIVE' AND remaining_amount > 0 AND (expires_at IS NULL OR expires_at > :now);
SELECT r.id, r.subscription_id, r.event_id, r.meter_id, r.quantity, r.occurred_at, r.recorded_at, r.unit_price, r.currency, r.cost, r.covered_by_credit, r.billable, r.not_charged FROM usage_record r JOIN unnest(:subs::uuid[], :events::varchar[]) AS k(subscription_id, event_id) ON r.subscription_id = k.subscription_id AND r.event_id = k.event_id;
SELECT id, name_en, name_zh_tw, unit, unit_price_amount, unit_price_currency, version FROM meter WHERE id = ANY (ARRAY['vm-b1s-hour']::varchar[]);
INSERT INTO usage_record (id, subscription_id, event_id, meter_id, quantity, occurred_at, recorded_at, unit_price, currency, cost, covered_by_credit, billable, not_charged) SELECT * FROM unnest(:ids::uuid[], :subs::uuid[], :events::varchar[], :meters::varchar[], :qty::numeric[], :occurred::timestamptz[], :recorded::timestamptz[], :prices::numeric[], :currencies::varchar[], :costs::numeric[], :covered::numeric[], :billable::numeric[], :notcharged::numeric[]);
WITH totals AS (SELECT * FROM unnest(:inv_ids::uuid[], :inv_subs::uuid[], :owners::varchar[], :inv_currencies::varchar[], :pstart::timestamptz[], :pend::timestamptz[], :inv_costs::numeric[], :inv_costs::numeric[], :inv_zeros::numeric[], :inv_zeros::numeric[]) AS t(id, subscription_id, owner_id, currency, period_start, period_end, subtotal, credit_applied, not_charged, total)), invoices AS (INSERT INTO invoice AS i (id, subscription_id, owner_id, currency, period_start, period_end, status, subtotal, credit_applied, not_charged, total) SELECT id, subscription_id, owner_id, currency, period_start, period_end, 'DRAFT', subtotal, credit_applied, not_charged, total FROM totals ON CONFLICT (subscription_id, period_start) DO UPDATE SET subtotal = i.subtotal + excluded.subtotal, credit_applied = i.credit_applied + excluded.credit_applied, not_charged = i.not_charged + excluded.not_charged, total = i.total + excluded.total RETURNING i.id, i.subscription_id, i.period_start) INSERT INTO invoice_line AS l (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount) SELECT v.id, invoices.id, v.meter_id, v.unit_price, v.unit, v.name_en, v.name_zh_tw, v.quantity, v.amount FROM unnest(:line_ids::uuid[], :inv_subs::uuid[], :pstart::timestamptz[], :line_meters::varchar[], :line_prices::numeric[], :units::varchar[], :names_en::varchar[], :names_zh::varchar[], :line_qty::numeric[], :inv_costs::numeric[]) AS v(id, subscription_id, period_start, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount) JOIN invoices ON invoices.subscription_id = v.subscription_id AND invoices.period_start = v.period_start ON CONFLICT (invoice_id, meter_id, unit_price) DO UPDATE SET quantity = l.quantity + excluded.quantity, amount = l.amount + excluded.amount, unit = excluded.unit, name_en = excluded.name_en, name_zh_tw = excluded.name_zh_tw;
UPDATE benefit_balance b SET remaining_amount = v.remaining, status = CASE WHEN v.remaining = 0 THEN 'EXHAUSTED' ELSE b.status END FROM unnest(:grants::uuid[], :remaining::numeric[]) AS v(id, remaining) WHERE b.id = v.id;
END;
