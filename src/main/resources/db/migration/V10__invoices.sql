-- Monthly invoices (DESIGN.md section 10, issue 16).
--
-- A DRAFT invoice and its lines ARE the rollup of a subscription's usage in a period: usage ingestion adds each
-- batch's sums to them in its own transaction (usage/UsageWriter.rollUp), so reading an invoice or the cost summary
-- never sums usage records. Finalization (invoice/InvoiceFinalizer) numbers them and freezes them.

-- A UUIDv7 whose time part is the given instant (uuid_v7() of V8 uses the clock): invoice ids carry their period's
-- start, so keyset pagination by id lists a subscription's invoices by period.
CREATE FUNCTION uuid_v7_at(t timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM t) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

CREATE TABLE invoice (
    id              uuid         PRIMARY KEY,
    subscription_id uuid         NOT NULL,
    owner_id        varchar(255) NOT NULL,
    currency        varchar(3)   NOT NULL,
    period_start    timestamptz  NOT NULL,
    period_end      timestamptz  NOT NULL CHECK (period_end > period_start),
    status          varchar(10)  NOT NULL CHECK (status IN ('DRAFT', 'FINALIZED')),
    -- The gapless sequence behind the number INV-000042 (invoice/InvoiceRules.number), set at finalization.
    number_sequence bigint       UNIQUE CHECK (number_sequence > 0),
    finalized_at    timestamptz,
    -- Sums of the period's usage: Σ cost, Σ coveredByCredit, Σ notCharged, Σ billable. Wider than a usage record's
    -- numeric(19, 6) because they add up a month.
    subtotal        numeric(24, 6) NOT NULL CHECK (subtotal >= 0),
    credit_applied  numeric(24, 6) NOT NULL CHECK (credit_applied >= 0),
    not_charged     numeric(24, 6) NOT NULL CHECK (not_charged >= 0),
    total           numeric(24, 6) NOT NULL CHECK (total >= 0),
    CHECK (subtotal = credit_applied + not_charged + total),
    CHECK ((status = 'FINALIZED') = (number_sequence IS NOT NULL AND finalized_at IS NOT NULL)),
    CONSTRAINT invoice_one_per_period UNIQUE (subscription_id, period_start),
    CONSTRAINT invoice_subscription_currency
        FOREIGN KEY (subscription_id, currency) REFERENCES subscription (id, currency)
);
-- The finalization job's work queue: only DRAFT invoices, by period end. Its cost follows the invoices due, not the
-- table (finalized invoices leave the index).
CREATE INDEX invoice_due ON invoice (period_end, id) WHERE status = 'DRAFT';
CREATE INDEX invoice_subscription_id ON invoice (subscription_id, id);

CREATE TABLE invoice_line (
    id          uuid           PRIMARY KEY,
    invoice_id  uuid           NOT NULL REFERENCES invoice (id),
    meter_id    varchar(64)    NOT NULL REFERENCES meter (id),
    unit_price  numeric(19, 6) NOT NULL CHECK (unit_price >= 0),
    -- The meter's unit and names as last recorded while DRAFT; frozen with the invoice.
    unit        varchar(50)    NOT NULL,
    name_en     varchar(200)   NOT NULL,
    name_zh_tw  varchar(200),
    quantity    numeric(24, 6) NOT NULL CHECK (quantity > 0),
    amount      numeric(24, 6) NOT NULL CHECK (amount >= 0),
    -- numeric equality ignores scale: 0.0104 and 0.010400 are one line.
    CONSTRAINT invoice_line_once UNIQUE (invoice_id, meter_id, unit_price)
);

-- The last invoice number handed out. One row, updated inside the finalizing transaction: its row lock orders the
-- finalizations of all instances, so numbers follow commit order, and a rolled-back batch returns its numbers
-- (a PostgreSQL sequence would leave gaps).
CREATE TABLE invoice_number (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_value bigint  NOT NULL CHECK (last_value >= 0)
);
INSERT INTO invoice_number VALUES (true, 0);

-- A FINALIZED invoice never changes: neither its row nor its lines, whatever SQL a client sends.
CREATE FUNCTION invoice_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'invoice % is FINALIZED and cannot change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER invoice_finalized_is_final BEFORE UPDATE OR DELETE ON invoice
    FOR EACH ROW WHEN (OLD.status = 'FINALIZED') EXECUTE FUNCTION invoice_refuse_change();

CREATE FUNCTION invoice_line_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.invoice_id ELSE NEW.invoice_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM invoice WHERE id = target AND status = 'FINALIZED')
       OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM invoice WHERE id = OLD.invoice_id AND status = 'FINALIZED')) THEN
        RAISE EXCEPTION 'invoice % is FINALIZED; its lines cannot change', target
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER invoice_line_of_finalized_is_final BEFORE INSERT OR UPDATE OR DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION invoice_line_refuse_change();

-- The usage recorded before invoices existed becomes DRAFT invoices; the finalization job numbers the past ones.
INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start, period_end, status,
                     subtotal, credit_applied, not_charged, total)
SELECT uuid_v7_at(p.month AT TIME ZONE 'UTC'), p.subscription_id, s.owner_id, p.currency, p.month AT TIME ZONE 'UTC',
       (p.month + interval '1 month') AT TIME ZONE 'UTC', 'DRAFT', p.cost, p.covered, p.not_charged, p.billable
-- month: the period's first day as a UTC wall-clock timestamp, so that the month arithmetic ignores the session's
-- time zone.
FROM (SELECT r.subscription_id, r.currency, date_trunc('month', r.recorded_at AT TIME ZONE 'UTC') AS month,
             sum(r.cost) AS cost, sum(r.covered_by_credit) AS covered, sum(r.not_charged) AS not_charged,
             sum(r.billable) AS billable
      FROM usage_record r GROUP BY 1, 2, 3) p
JOIN subscription s ON s.id = p.subscription_id;

INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount)
SELECT gen_random_uuid(), i.id, l.meter_id, l.unit_price, m.unit, m.name_en, m.name_zh_tw, l.quantity, l.amount
FROM (SELECT r.subscription_id, r.meter_id, r.unit_price,
             date_trunc('month', r.recorded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period_start,
             sum(r.quantity) AS quantity, sum(r.cost) AS amount
      FROM usage_record r GROUP BY 1, 2, 3, 4) l
JOIN invoice i ON i.subscription_id = l.subscription_id AND i.period_start = l.period_start
JOIN meter m ON m.id = l.meter_id;
