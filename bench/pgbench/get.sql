-- The statement of GET /v1/subscriptions/{id} (SubscriptionReads' text: the row and CreditTotals' sums joined
-- laterally, one round trip; autocommit as in the service; the service binds the time where this says now()).
-- pgbench only draws integers, so the uuid parameter is spelled by an SQL expression from it.
\set i random(1, :nsubs)
SELECT s.id, s.owner_id, s.display_name, s.offer_id, s.state, s.disabled_reason, s.spending_limit, s.created_at, s.trial_ends_at, s.pending_upgrade_request_id, s.currency, s.version, credit_remaining, credit_original, credit_currency FROM subscription s LEFT JOIN LATERAL (SELECT sum(CASE WHEN status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > now()) THEN remaining_amount ELSE 0 END), sum(original_amount), min(currency) FROM benefit_balance WHERE subscription_id = s.id) credit(credit_remaining, credit_original, credit_currency) ON true WHERE s.id = ('00000000-0000-4000-8000-' || lpad(:i, 12, '0'))::uuid;
