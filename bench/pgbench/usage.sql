-- The statements of POST /v1/usage-batches for :batch records (UsageWriter's and InvoiceRollup's text),
-- one transaction per batch as in the service. The first query stands in for the client building
-- its arrays (outside the transaction): a window of :batch consecutive ingestion targets in this
-- client's partition, like wrk's usage.lua.
\set start random(0, :psize - 1)
\set pbase :client_id * :psize
\set r random(1, 1000000000000)
SELECT array_agg(i.sub_id ORDER BY g) AS subs, array_agg(gen_random_uuid()) AS ids,
       array_agg('p' || :batch || '-' || :client_id || '-' || :r || '-' || g ORDER BY g) AS events,
       array_agg('vm-b1s-hour'::text) AS meters, array_agg(1.000000) AS qty, array_agg(now()) AS occurred,
       array_agg(now()) AS recorded, array_agg(0.010400) AS prices, array_agg('USD'::text) AS currencies,
       array_agg(0.010400) AS costs, array_agg(0.010400) AS covered, array_agg(0.000000) AS billable,
       array_agg(0.000000) AS notcharged, array_agg(i.grant_id ORDER BY g) AS grants,
       array_agg(b.remaining_amount - 0.0104 ORDER BY g) AS remaining, now() AS now,
       array_agg(i.owner_id ORDER BY g) AS owners, array_agg(uuid_v7_at(p.s)) AS inv_ids, array_agg(p.s) AS pstart,
       array_agg(p.s + interval '1 month') AS pend, array_agg(gen_random_uuid()) AS line_ids,
       array_agg('1 Hour'::text) AS units, array_agg('Virtual Machines B1s'::text) AS names_en,
       array_agg('虛擬機器 B1s'::text) AS names_zh
FROM generate_series(0, :batch - 1) g
JOIN bench.ingest i ON i.n = :pbase + (:start + g) % :psize
JOIN benefit_balance b ON b.id = i.grant_id
-- the current UTC month: the invoice period of usage recorded now (one invoice and one line per record here: the
-- window holds distinct subscriptions, all on one meter at one price)
CROSS JOIN (SELECT date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS s) p \gset
BEGIN;
SELECT id, owner_id, state, spending_limit, trial_ends_at, pending_upgrade_request_id, currency FROM subscription WHERE id = ANY (:subs) ORDER BY id FOR UPDATE;
SELECT id, subscription_id, original_amount, currency, remaining_amount, granted_at, expires_at, all_original FROM (SELECT b.*, sum(original_amount) OVER (PARTITION BY subscription_id) AS all_original FROM benefit_balance b WHERE subscription_id = ANY (:subs)) b WHERE status = 'ACTIVE' AND remaining_amount > 0 AND (expires_at IS NULL OR expires_at > :now);
SELECT r.id, r.subscription_id, r.event_id, r.meter_id, r.quantity, r.occurred_at, r.recorded_at, r.unit_price, r.currency, r.cost, r.covered_by_credit, r.billable, r.not_charged FROM usage_record r JOIN unnest(:subs::uuid[], :events::varchar[]) AS k(subscription_id, event_id) ON r.subscription_id = k.subscription_id AND r.event_id = k.event_id;
SELECT id, name_en, name_zh_tw, unit, unit_price_amount, unit_price_currency, version FROM meter WHERE id = ANY (ARRAY['vm-b1s-hour']::varchar[]);
INSERT INTO usage_record (id, subscription_id, event_id, meter_id, quantity, occurred_at, recorded_at, unit_price, currency, cost, covered_by_credit, billable, not_charged) SELECT * FROM unnest(:ids::uuid[], :subs::uuid[], :events::varchar[], :meters::varchar[], :qty::numeric[], :occurred::timestamptz[], :recorded::timestamptz[], :prices::numeric[], :currencies::varchar[], :costs::numeric[], :covered::numeric[], :billable::numeric[], :notcharged::numeric[]);
WITH totals AS (SELECT * FROM unnest(:inv_ids::uuid[], :subs::uuid[], :owners::varchar[], :currencies::varchar[], :pstart::timestamptz[], :pend::timestamptz[], :costs::numeric[], :covered::numeric[], :notcharged::numeric[], :billable::numeric[]) AS t(id, subscription_id, owner_id, currency, period_start, period_end, subtotal, credit_applied, not_charged, total)), invoices AS (INSERT INTO invoice AS i (id, subscription_id, owner_id, currency, period_start, period_end, status, subtotal, credit_applied, not_charged, total) SELECT id, subscription_id, owner_id, currency, period_start, period_end, 'DRAFT', subtotal, credit_applied, not_charged, total FROM totals ON CONFLICT (subscription_id, period_start) DO UPDATE SET subtotal = i.subtotal + excluded.subtotal, credit_applied = i.credit_applied + excluded.credit_applied, not_charged = i.not_charged + excluded.not_charged, total = i.total + excluded.total RETURNING i.id, i.subscription_id, i.period_start) INSERT INTO invoice_line AS l (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount) SELECT v.id, invoices.id, v.meter_id, v.unit_price, v.unit, v.name_en, v.name_zh_tw, v.quantity, v.amount FROM unnest(:line_ids::uuid[], :subs::uuid[], :pstart::timestamptz[], :meters::varchar[], :prices::numeric[], :units::varchar[], :names_en::varchar[], :names_zh::varchar[], :qty::numeric[], :costs::numeric[]) AS v(id, subscription_id, period_start, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount) JOIN invoices ON invoices.subscription_id = v.subscription_id AND invoices.period_start = v.period_start ON CONFLICT (invoice_id, meter_id, unit_price) DO UPDATE SET quantity = l.quantity + excluded.quantity, amount = l.amount + excluded.amount, unit = excluded.unit, name_en = excluded.name_en, name_zh_tw = excluded.name_zh_tw;
UPDATE benefit_balance b SET remaining_amount = v.remaining, status = CASE WHEN v.remaining = 0 THEN 'EXHAUSTED' ELSE b.status END FROM unnest(:grants::uuid[], :remaining::numeric[]) AS v(id, remaining) WHERE b.id = v.id;
END;
