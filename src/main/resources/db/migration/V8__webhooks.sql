-- Webhooks (DESIGN.md section 9): endpoints, and an outbox of deliveries written in the event's transaction.

-- webhook.endpoint_disabled belongs to no subscription and no customer: only operators see it in the feed.
ALTER TABLE event ALTER COLUMN subscription_id DROP NOT NULL;
ALTER TABLE event ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE event ADD CONSTRAINT event_subscription_has_owner
    CHECK ((subscription_id IS NULL) = (owner_id IS NULL)) NOT VALID;

-- Time-ordered UUIDs (RFC 9562 version 7) for rows created in SQL, like shared/Ids in Java: 48 bits of Unix
-- milliseconds over a random v4 UUID, with the version bits set to 7.
CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

CREATE TABLE webhook_endpoint (
    id               uuid PRIMARY KEY,
    url              varchar(2048) NOT NULL,
    -- Wire names of event types, or the single element '*' for all of them.
    event_types      varchar(40)[] NOT NULL CHECK (cardinality(event_types) > 0),
    description      varchar(500),
    enabled          boolean NOT NULL,
    disabled_reason  varchar(16),
    -- whsec_ + base64 of 32 random bytes. The previous secret keeps signing until previous_secret_until.
    secret           varchar(64) NOT NULL,
    previous_secret  varchar(64),
    previous_secret_until timestamptz,
    created_at       timestamptz NOT NULL,
    version          bigint NOT NULL DEFAULT 0,
    CHECK (enabled OR disabled_reason IS NOT NULL)
);
-- EventLog joins the enabled endpoints to every appended event: a tiny index-only lookup.
CREATE INDEX webhook_endpoint_enabled ON webhook_endpoint (id) INCLUDE (event_types) WHERE enabled;

CREATE TABLE webhook_delivery (
    id               uuid PRIMARY KEY DEFAULT uuid_v7(),
    endpoint_id      uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_id         bigint NOT NULL,
    event_type       varchar(40) NOT NULL,
    subscription_id  uuid,
    status           varchar(16) NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    -- PENDING: when the next attempt may start. Null once no attempt follows.
    next_attempt_at  timestamptz,
    -- Set by a worker's claim past the attempt's timeout: no other worker claims the delivery until then, and a
    -- delivery whose worker died mid-POST is claimed again once it has passed.
    leased_until     timestamptz,
    -- Failed attempts so far: the step of the retry schedule that comes next.
    failed_attempts  integer NOT NULL DEFAULT 0,
    -- Queued by POST .../retry: one attempt, and FAILED again if it fails.
    manual_retry     boolean NOT NULL DEFAULT false,
    -- Every attempt, oldest first: [{at, statusCode, durationMs, error}].
    attempts         jsonb NOT NULL DEFAULT '[]',
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
);
-- A burst can grow the table by 100,000 rows in seconds; with the default thresholds its statistics stay those
-- of a small table for a while and the claim's plan reads every pending row per batch (165 ms instead of 1 ms per
-- claim, measured). Analyze it after every 1 % (at least 1,000 rows) of change instead.
-- fillfactor: room on each page, so the claim's update (leased_until, in no index) can stay a HOT update.
ALTER TABLE webhook_delivery SET (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000,
                                  autovacuum_vacuum_scale_factor = 0.05, fillfactor = 80);

-- The claim: pending deliveries by next attempt.
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
-- The order rule: is an earlier delivery of the same subscription to the same endpoint still pending?
CREATE INDEX webhook_delivery_pending_order ON webhook_delivery (endpoint_id, subscription_id, event_id)
    WHERE status = 'PENDING';
-- An endpoint's deliveries, newest first (GET /v1/webhook-endpoints/{id}/deliveries).
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id);
