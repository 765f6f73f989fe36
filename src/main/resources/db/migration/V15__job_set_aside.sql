-- Rows a batch job could not process (docs/design.md §14): each job skips the rows set aside here, so one bad row
-- (a value the code refuses, a constraint that fails) never holds up the rest of its batch or any later batch.
--
-- A table of its own rather than a column on each job's table: the jobs' tables, their constraints and the partial
-- indexes their claims scan (upgrade_request_due, subscription_trial_expiry, invoice_due, webhook_delivery_due) stay
-- as they are; operators get one list across the jobs; and a retry keeps the record of what went wrong (retried_at)
-- instead of erasing it. Every row a job processes has a uuid key, so row_id is that uuid (no foreign key: one
-- column points into a different table per job).
CREATE TABLE job_set_aside (
    id           uuid         PRIMARY KEY DEFAULT uuid_v7(),
    job          varchar(40)  NOT NULL CHECK (job IN ('upgrade-finalization', 'credit-expiry', 'trial-expiry',
                                                      'invoice-finalization', 'webhook-delivery')),
    row_id       uuid         NOT NULL,
    reason       varchar(2000) NOT NULL,
    set_aside_at timestamptz  NOT NULL,
    -- Set by POST /v1/jobs/set-aside/{id}/retry: the job takes the row again at its next run.
    retried_at   timestamptz,
    retried_by   varchar(255),
    CHECK ((retried_at IS NULL) = (retried_by IS NULL))
);
-- At most one open mark per row: two instances that both fail on it set it aside once. Also the index of the jobs'
-- NOT EXISTS probes, which run per claimed row and find nothing almost always.
CREATE UNIQUE INDEX job_set_aside_open ON job_set_aside (job, row_id) WHERE retried_at IS NULL;
-- GET /v1/jobs/set-aside: the open marks, newest first (ids are time-ordered).
CREATE INDEX job_set_aside_list ON job_set_aside (id) WHERE retried_at IS NULL;
