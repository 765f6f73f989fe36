-- Idempotency-Key records of POST requests, per caller (JWT sub) and key.

CREATE TABLE idempotency_key (
    caller_id        varchar(255) NOT NULL,
    idempotency_key  varchar(255) NOT NULL,
    -- SHA-256 of method, path with query, and body: same key + another request is refused.
    fingerprint      bytea        NOT NULL CHECK (octet_length(fingerprint) = 32),
    state            varchar(10)  NOT NULL CHECK (state IN ('IN_FLIGHT', 'COMPLETED')),
    -- Who holds an IN_FLIGHT claim; a stale claim (crashed instance) is taken over with a new token.
    claim_token      uuid         NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    claimed_at       timestamptz  NOT NULL DEFAULT now(),
    completed_at     timestamptz,
    status           integer CHECK (status BETWEEN 200 AND 499),
    content_type     varchar(255),
    content_language varchar(35),
    location         varchar(2048),
    etag             varchar(255),
    body             bytea,
    PRIMARY KEY (caller_id, idempotency_key),
    CHECK ((state = 'COMPLETED') = (status IS NOT NULL AND completed_at IS NOT NULL AND body IS NOT NULL))
);

-- The hourly purge deletes by age.
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
