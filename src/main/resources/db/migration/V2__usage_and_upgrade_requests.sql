-- Metered usage and upgrade requests.

CREATE TABLE usage_record (
    id                uuid           PRIMARY KEY,
    subscription_id   uuid           NOT NULL REFERENCES subscription (id),
    -- The client's dedup key: a replay of the same event is the same record.
    event_id          varchar(128)   NOT NULL,
    meter_id          varchar(64)    NOT NULL REFERENCES meter (id),
    quantity          numeric(19, 6) NOT NULL CHECK (quantity > 0),
    occurred_at       timestamptz    NOT NULL,
    recorded_at       timestamptz    NOT NULL,
    unit_price        numeric(19, 6) NOT NULL CHECK (unit_price >= 0),
    currency          varchar(3)     NOT NULL,
    cost              numeric(19, 6) NOT NULL CHECK (cost >= 0),
    covered_by_credit numeric(19, 6) NOT NULL CHECK (covered_by_credit >= 0),
    billable          numeric(19, 6) NOT NULL CHECK (billable >= 0),
    not_charged       numeric(19, 6) NOT NULL CHECK (not_charged >= 0),
    CHECK (covered_by_credit + billable + not_charged = cost),
    CONSTRAINT usage_record_event_once UNIQUE (subscription_id, event_id)
);
CREATE INDEX usage_record_subscription_id ON usage_record (subscription_id, id);

CREATE TABLE upgrade_request (
    id                uuid         PRIMARY KEY,
    subscription_id   uuid         NOT NULL REFERENCES subscription (id),
    from_offer_id     varchar(64)  NOT NULL REFERENCES offer (id),
    target_offer_id   varchar(64)  NOT NULL REFERENCES offer (id),
    status            varchar(10)  NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'CANCELLED')),
    requested_at      timestamptz  NOT NULL,
    requested_by      varchar(255) NOT NULL,
    -- When the benefits run out as far as known now (trialEndsAt, moved earlier when the credit
    -- hits zero) and why; the finalizer completes PENDING requests with due_at <= now.
    due_at            timestamptz,
    due_reason        varchar(20)  CHECK (due_reason IN ('CREDIT_EXHAUSTED', 'TRIAL_ENDED', 'NO_BENEFITS')),
    effective_at      timestamptz,
    completed_at      timestamptz,
    completion_reason varchar(20)  CHECK (completion_reason IN ('CREDIT_EXHAUSTED', 'TRIAL_ENDED', 'NO_BENEFITS')),
    cancelled_at      timestamptz,
    version           bigint       NOT NULL DEFAULT 0,
    CHECK ((status = 'COMPLETED') = (completed_at IS NOT NULL AND effective_at IS NOT NULL AND completion_reason IS NOT NULL)),
    CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
);
-- At most one PENDING request per subscription, whatever races happen.
CREATE UNIQUE INDEX upgrade_request_one_pending ON upgrade_request (subscription_id) WHERE status = 'PENDING';
-- The finalizer's work queue: only pending requests, by due time.
CREATE INDEX upgrade_request_due ON upgrade_request (due_at) WHERE status = 'PENDING';
CREATE INDEX upgrade_request_subscription_id ON upgrade_request (subscription_id, id);
CREATE INDEX upgrade_request_status ON upgrade_request (status, id);

ALTER TABLE subscription
    ADD CONSTRAINT subscription_pending_upgrade_request
    FOREIGN KEY (pending_upgrade_request_id) REFERENCES upgrade_request (id);
