-- The fixed minimal baseline of POST /v1/subscriptions for a Pay-As-You-Go offer: what a creation cannot avoid, in
-- one transaction: read the offer, insert the subscription, append its subscription.created event (id by the feed's
-- trigger, migration V6). Fixed on purpose, like usage-minimal.sql: bench/pgbench/create.sql follows the service's
-- statements as they change, this one does not (docs/benchmark.md).
BEGIN;
SELECT id, name_en, category, credit_amount, credit_currency, term_days, spending_limit, version FROM offer WHERE id = 'MS-AZR-0003P';
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state, spending_limit, created_at, trial_ends_at, pending_upgrade_request_id, currency, version) VALUES (gen_random_uuid(), 'bench-raw-minimal', 'bench creation', 'MS-AZR-0003P', 'MS-AZR-0003P', false, 'ACTIVE', 'OFF', now(), NULL, NULL, NULL, 0) RETURNING id \gset
INSERT INTO event (type, subscription_id, owner_id, occurred_at, data) VALUES ('subscription.created', :id, 'bench-raw-minimal', now(), '{"offerId":"MS-AZR-0003P","displayName":"bench creation"}');
END;
