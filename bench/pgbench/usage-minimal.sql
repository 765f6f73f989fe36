-- The fixed minimal baseline of POST /v1/usage-batches for :batch records: only what recording usage cannot avoid,
-- one transaction per batch. Lock the subscriptions in id order, read their usable grants, read the meter's price,
-- dedup by (subscription, eventId), insert the records, burn the grants: the statements of 2026-12-01, before the
-- invoice rollup and the credit thresholds' window sum (bench/pgbench/usage.sql runs the service's statements as
-- they are today). Fixed on purpose: a statement added to the charge's transaction slows the service and
-- usage.sql, never this baseline, so the ratio against it shows what the addition costs (docs/benchmark.md).
-- The first query stands in for the client building its arrays (outside the transaction), as in usage.sql.
\set start random(0, :psize - 1)
\set pbase :client_id * :psize
\set r random(1, 1000000000000)
SELECT array_agg(i.sub_id ORDER BY g) AS subs, array_agg(gen_random_uuid()) AS ids,
       array_agg('m' || :batch || '-' || :client_id || '-' || :r || '-' || g ORDER BY g) AS events,
       array_agg('vm-b1s-hour'::text) AS meters, array_agg(1.000000) AS qty, array_agg(now()) AS occurred,
       array_agg(now()) AS recorded, array_agg(0.010400) AS prices, array_agg('USD'::text) AS currencies,
       array_agg(0.010400) AS costs, array_agg(0.010400) AS covered, array_agg(0.000000) AS billable,
       array_agg(0.000000) AS notcharged, array_agg(i.grant_id ORDER BY g) AS grants,
       array_agg(b.remaining_amount - 0.0104 ORDER BY g) AS remaining, now() AS now
FROM generate_series(0, :batch - 1) g
JOIN bench.ingest i ON i.n = :pbase + (:start + g) % :psize
JOIN benefit_balance b ON b.id = i.grant_id \gset
BEGIN;
SELECT id, owner_id, state, spending_limit, trial_ends_at, pending_upgrade_request_id, currency FROM subscription WHERE id = ANY (:subs) ORDER BY id FOR UPDATE;
SELECT id, subscription_id, original_amount, currency, remaining_amount, granted_at, expires_at FROM benefit_balance WHERE subscription_id = ANY (:subs) AND status = 'ACTIVE' AND remaining_amount > 0 AND (expires_at IS NULL OR expires_at > :now);
SELECT r.id, r.subscription_id, r.event_id, r.meter_id, r.quantity, r.occurred_at, r.recorded_at, r.unit_price, r.currency, r.cost, r.covered_by_credit, r.billable, r.not_charged FROM usage_record r JOIN unnest(:subs::uuid[], :events::varchar[]) AS k(subscription_id, event_id) ON r.subscription_id = k.subscription_id AND r.event_id = k.event_id;
SELECT id, name_en, name_zh_tw, unit, unit_price_amount, unit_price_currency, version FROM meter WHERE id = ANY (ARRAY['vm-b1s-hour']::varchar[]);
INSERT INTO usage_record (id, subscription_id, event_id, meter_id, quantity, occurred_at, recorded_at, unit_price, currency, cost, covered_by_credit, billable, not_charged) SELECT * FROM unnest(:ids::uuid[], :subs::uuid[], :events::varchar[], :meters::varchar[], :qty::numeric[], :occurred::timestamptz[], :recorded::timestamptz[], :prices::numeric[], :currencies::varchar[], :costs::numeric[], :covered::numeric[], :billable::numeric[], :notcharged::numeric[]);
UPDATE benefit_balance b SET remaining_amount = v.remaining, status = CASE WHEN v.remaining = 0 THEN 'EXHAUSTED' ELSE b.status END FROM unnest(:grants::uuid[], :remaining::numeric[]) AS v(id, remaining) WHERE b.id = v.id;
END;
