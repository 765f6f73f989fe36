-- Expand only (old and new instances share the schema during a rolling update): nothing is dropped or retyped.

-- Idempotency-Key compared by meaning (web/idempotency/RequestFingerprint): SHA-256 of method, target and the
-- canonical JSON of the body (or its bytes when it is not JSON). Null on rows stored before this version, or by an
-- instance of before it: those are compared by `fingerprint` (the bytes), the only one they have. Instances of before
-- it keep writing and comparing `fingerprint`, which every row still has.
ALTER TABLE idempotency_key ADD COLUMN canonical_fingerprint bytea;
-- NOT VALID: checked for every row written from now on without scanning a day's worth of keys under the lock.
ALTER TABLE idempotency_key ADD CONSTRAINT idempotency_key_canonical_fingerprint_length
    CHECK (octet_length(canonical_fingerprint) = 32) NOT VALID;

-- Every secret rotated out of a webhook endpoint signs until its own time (24 h after its rotation): a second
-- rotation no longer replaces the first one's previous secret. webhook_endpoint.previous_secret(_until) stays: this
-- version writes it too (for instances of before it) and reads it (for rotations such an instance makes).
CREATE TABLE webhook_endpoint_retired_secret (
    endpoint_id  uuid        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    secret       varchar(64) NOT NULL,
    signs_until  timestamptz NOT NULL,
    -- Also the delivery claim's lookup of an endpoint's secrets.
    PRIMARY KEY (endpoint_id, secret)
);
