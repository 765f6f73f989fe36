-- One batch of invoice finalization, raw: InvoiceFinalizer's CLAIM, NUMBERS and FINALIZE and EventLog's insert
-- (the service's text; the service binds the time where this says now(), and the grace, PT5M, where it says
-- interval '5 minutes'). pgbench cannot keep result rows, so the claim's ids, the numbers and the finalized rows are
-- aggregated into arrays (\gset) and passed on, as the service passes its lists: the number array stands in for the
-- Java loop over the counter's new value, the event arrays for the InvoiceFinalized data Jackson writes (invoiceId,
-- number INV-%06d, periodStart, periodEnd, amountDue = total half-up to cents). The to_char format is spelled
-- 'HH24' || ':' || 'MI' ... because pgbench would read :MI as a variable. A batch that claims nothing commits
-- without the other statements, as the service's does.
BEGIN;
SELECT coalesce(array_agg(id), '{}') AS claimed, count(*) AS n FROM (SELECT id FROM invoice WHERE status = 'DRAFT' AND period_end <= now() - interval '5 minutes' AND NOT EXISTS (SELECT 1 FROM job_set_aside x WHERE x.job = 'invoice-finalization' AND x.row_id = invoice.id AND x.retried_at IS NULL) ORDER BY period_end, id LIMIT :batch FOR UPDATE SKIP LOCKED) c \gset
\if :n > 0
WITH counter AS (UPDATE invoice_number SET last_value = last_value + :n RETURNING last_value) SELECT array(SELECT generate_series(last_value - :n + 1, last_value)) AS seqs FROM counter \gset
WITH f AS (UPDATE invoice i SET status = 'FINALIZED', finalized_at = now(), number_sequence = v.seq FROM unnest(:claimed::uuid[], :seqs::bigint[]) AS v(id, seq) WHERE i.id = v.id AND i.status = 'DRAFT' RETURNING i.id, i.subscription_id, i.owner_id, i.period_start, i.period_end, i.total, i.currency, v.seq) SELECT array_agg('invoice.finalized'::text) AS types, array_agg(subscription_id) AS subs, array_agg(owner_id) AS owners, array_agg(now()) AS occurred, array_agg(jsonb_build_object('invoiceId', id, 'number', 'INV-' || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END, 'periodStart', to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || ':' || 'MI' || ':' || 'SS"Z"'), 'periodEnd', to_char(period_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || ':' || 'MI' || ':' || 'SS"Z"'), 'amountDue', jsonb_build_object('amount', round(total, 2)::text, 'currency', currency))::text) AS data FROM f \gset
INSERT INTO event (type, subscription_id, owner_id, occurred_at, data) SELECT type, subscription_id, owner_id, occurred_at, CAST(data AS jsonb) FROM unnest(:types::varchar[], :subs::uuid[], :owners::varchar[], :occurred::timestamptz[], :data::text[]) WITH ORDINALITY AS e (type, subscription_id, owner_id, occurred_at, data, n) ORDER BY n;
\endif
END;
