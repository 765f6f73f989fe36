-- trial.ending_soon is emitted once per subscription and mark (DESIGN.md section 8): the primary key
-- decides between two job runs, on one instance or two. A larger mark recorded together with a
-- smaller one (the clock jumped past both) is done without being emitted.
CREATE TABLE trial_notice (
    subscription_id uuid NOT NULL REFERENCES subscription (id),
    mark_days integer NOT NULL CHECK (mark_days > 0),
    noticed_at timestamptz NOT NULL,
    emitted boolean NOT NULL,
    PRIMARY KEY (subscription_id, mark_days)
);

-- The notice job's range scan: active trials by end of trial, with or without a pending upgrade
-- (subscription_trial_expiry leaves out those with one).
CREATE INDEX subscription_trial_ending ON subscription (trial_ends_at)
    WHERE state = 'ACTIVE' AND trial_ends_at IS NOT NULL;
