-- The trial expiry job's queue: active trials with no pending upgrade, by end of trial.
-- (A completed upgrade clears trial_ends_at, so upgraded subscriptions leave this index.)
CREATE INDEX subscription_trial_expiry ON subscription (trial_ends_at)
    WHERE state = 'ACTIVE' AND pending_upgrade_request_id IS NULL AND trial_ends_at IS NOT NULL;
