-- The two statements of GET /v1/subscriptions/{id} (Hibernate's text, autocommit as in the service; the
-- service binds the time where this says now()). pgbench only draws integers, so the uuid parameter is
-- spelled by an SQL expression from it.
\set i random(1, :nsubs)
select s1_0.id,s1_0.created_at,s1_0.disabled_reason,s1_0.display_name,s1_0.free_trial,s1_0.offer_id,s1_0.original_offer_id,s1_0.owner_id,s1_0.pending_upgrade_request_id,s1_0.spending_limit,s1_0.state,s1_0.trial_ends_at,s1_0.version from Subscription s1_0 where s1_0.id=('00000000-0000-4000-8000-' || lpad(:i, 12, '0'))::uuid;
select sum(case when bb1_0.status='ACTIVE' and (bb1_0.expires_at is null or bb1_0.expires_at>now()) then bb1_0.remaining_amount else 0 end),sum(bb1_0.original_amount),min(bb1_0.currency) from benefit_balance bb1_0 where bb1_0.subscription_id=('00000000-0000-4000-8000-' || lpad(:i, 12, '0'))::uuid;
