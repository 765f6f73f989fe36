-- The two statements of GET /v1/subscriptions/{id} (SubscriptionReads' and CreditTotals' text, autocommit as in the service;
-- the service binds the time where this says now()). pgbench only draws integers, so the uuid parameter is
-- spelled by an SQL expression from it.
\set i random(1, :nsubs)
SELECT id, owner_id, display_name, offer_id, state, disabled_reason, spending_limit, created_at, trial_ends_at, pending_upgrade_request_id, currency, version FROM subscription WHERE id = ('00000000-0000-4000-8000-' || lpad(:i, 12, '0'))::uuid;
SELECT subscription_id, sum(CASE WHEN status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > now()) THEN remaining_amount ELSE 0 END), sum(original_amount), min(currency) FROM benefit_balance WHERE subscription_id = ANY (ARRAY[('00000000-0000-4000-8000-' || lpad(:i, 12, '0'))::uuid]) GROUP BY subscription_id;
