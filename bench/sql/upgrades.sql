-- Finalizer set :set (1..15): :count Free Trial subscriptions whose credit ran out, each with a
-- due PENDING upgrade request to Pay-As-You-Go (due an hour ago, CREDIT_EXHAUSTED).
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state,
                          spending_limit, created_at, trial_ends_at, currency)
SELECT bench.sub_id(:set, i), 'upg' || :set || '-' || i, 'upgrade ' || i, 'MS-AZR-0044P', 'MS-AZR-0044P', true,
       'ACTIVE', 'ON', now() - interval '10 days', now() + interval '20 days', 'USD'
FROM generate_series(1, :count) i;
INSERT INTO benefit_balance (id, subscription_id, original_amount, remaining_amount, currency, granted_at,
                             expires_at, status, reason)
SELECT bench.sub_id(16 + :set, i), bench.sub_id(:set, i), 200, 0, 'USD', now() - interval '10 days',
       now() + interval '20 days', 'EXHAUSTED', 'Free Trial credit'
FROM generate_series(1, :count) i;
INSERT INTO upgrade_request (id, subscription_id, from_offer_id, target_offer_id, status, requested_at, requested_by,
                             due_at, due_reason)
SELECT bench.sub_id(48 + :set, i), bench.sub_id(:set, i), 'MS-AZR-0044P', 'MS-AZR-0003P', 'PENDING',
       now() - interval '2 days', 'upg' || :set || '-' || i, now() - interval '1 hour' + i * interval '1 microsecond',
       'CREDIT_EXHAUSTED'
FROM generate_series(1, :count) i;
UPDATE subscription SET pending_upgrade_request_id = bench.sub_id(48 + :set, substr(id::text, 25)::bigint)
WHERE id BETWEEN bench.sub_id(:set, 1) AND bench.sub_id(:set, :count);
COMMIT;
VACUUM (ANALYZE) subscription, benefit_balance, upgrade_request;
