-- POST /v1/subscriptions for a Pay-As-You-Go offer, raw: the offer read, the subscription insert and the
-- subscription.created event insert of SubscriptionService.create, in one transaction, event id by the feed's
-- trigger (migration V6) as in the service. With -D lock=1 the event insert first takes one global advisory lock
-- held to commit, as every event writer did before V6: the figure the lock-free feed replaces.
BEGIN;
SELECT id, name_en, category, credit_amount, credit_currency, term_days, spending_limit, version FROM offer WHERE id = 'MS-AZR-0003P';
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state, spending_limit, created_at, trial_ends_at, pending_upgrade_request_id, currency, version) VALUES (gen_random_uuid(), 'bench-raw-creator', 'bench creation', 'MS-AZR-0003P', 'MS-AZR-0003P', false, 'ACTIVE', 'OFF', now(), NULL, NULL, NULL, 0) RETURNING id \gset
SELECT CASE WHEN :lock = 1 THEN pg_advisory_xact_lock(6143549078519043155) END;
INSERT INTO event (type, subscription_id, owner_id, occurred_at, data) VALUES ('subscription.created', :id, 'bench-raw-creator', now(), '{"offerId":"MS-AZR-0003P","displayName":"bench creation"}');
END;
