-- The trial expiry job's queue: trials still on the offer they signed up for (an upgraded
-- subscription keeps its old trial_ends_at), active, with no pending upgrade, by end of trial.
CREATE INDEX subscription_trial_expiry ON subscription (trial_ends_at)
    WHERE state = 'ACTIVE' AND pending_upgrade_request_id IS NULL
      AND offer_id = original_offer_id AND trial_ends_at IS NOT NULL;
