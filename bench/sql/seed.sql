-- Adds subscriptions :from..:to (psql -v from=.. -v to=..) with their credit grants and usage
-- history, straight in SQL. Ids are derived from the row number so that pgbench and wrk can
-- address them: subscription i = 00000000-0000-4000-8000-<i, 12 decimal digits>.
-- Per 5 subscriptions one account: a Free Trial (200 USD credit, 30 days), an Azure for Students
-- (100 USD, 365 days) and three Pay-As-You-Go; 2 usage records each.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state,
                          spending_limit, created_at, trial_ends_at, currency)
SELECT bench.sub_id(0, i), 'acct-' || ((i - 1) / 5), 'bench ' || i, o.offer, o.offer, i % 5 = 1, 'ACTIVE',
       CASE WHEN i % 5 IN (1, 2) THEN 'ON' ELSE 'OFF' END, bench.created(i),
       CASE i % 5 WHEN 1 THEN bench.created(i) + interval '30 days'
                  WHEN 2 THEN bench.created(i) + interval '365 days' END, 'USD'
FROM generate_series(:from, :to) i
CROSS JOIN LATERAL (SELECT CASE i % 5 WHEN 1 THEN 'MS-AZR-0044P' WHEN 2 THEN 'MS-AZR-0170P'
                                      ELSE 'MS-AZR-0003P' END AS offer) o;

INSERT INTO benefit_balance (id, subscription_id, original_amount, remaining_amount, currency, granted_at,
                             expires_at, status, reason)
SELECT bench.sub_id(16, i), bench.sub_id(0, i), c.amount, c.amount - 0.208, 'USD', bench.created(i),
       bench.created(i) + c.term, 'ACTIVE', 'bench credit'
FROM generate_series(:from, :to) i
CROSS JOIN LATERAL (SELECT CASE i % 5 WHEN 1 THEN 200 ELSE 100 END AS amount,
                           CASE i % 5 WHEN 1 THEN interval '30 days' ELSE interval '365 days' END AS term) c
WHERE i % 5 IN (1, 2);

INSERT INTO usage_record (id, subscription_id, event_id, meter_id, quantity, occurred_at, recorded_at, unit_price,
                          currency, cost, covered_by_credit, billable, not_charged)
SELECT bench.sub_id(32 + k, i), bench.sub_id(0, i), 'hist-' || k, 'vm-b1s-hour', 10,
       bench.created(i) + k * interval '1 hour', bench.created(i) + k * interval '1 hour', 0.0104, 'USD', 0.104,
       CASE WHEN i % 5 IN (1, 2) THEN 0.104 ELSE 0 END, CASE WHEN i % 5 IN (1, 2) THEN 0 ELSE 0.104 END, 0
FROM generate_series(:from, :to) i, generate_series(1, 2) k;

-- The ingestion targets: subscriptions with credit, numbered from 0 (wrk and pgbench pick windows of them).
INSERT INTO bench.ingest (n, sub_id, grant_id, owner_id)
SELECT (SELECT coalesce(max(n) + 1, 0) FROM bench.ingest) + row_number() OVER (ORDER BY i) - 1,
       bench.sub_id(0, i), bench.sub_id(16, i), 'acct-' || ((i - 1) / 5)
FROM generate_series(:from, :to) i WHERE i % 5 IN (1, 2);
COMMIT;
VACUUM (ANALYZE) subscription;
VACUUM (ANALYZE) benefit_balance;
VACUUM (ANALYZE) usage_record;
