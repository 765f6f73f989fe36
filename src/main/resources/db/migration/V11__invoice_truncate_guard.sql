-- Row triggers (V10) do not fire on TRUNCATE, which would empty a FINALIZED invoice's lines or, with CASCADE,
-- the invoices themselves. Statement triggers refuse it while any finalized invoice (or a line of one) exists.
CREATE FUNCTION invoice_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_TABLE_NAME = 'invoice' AND EXISTS (SELECT 1 FROM invoice WHERE status = 'FINALIZED'))
       OR (TG_TABLE_NAME = 'invoice_line' AND EXISTS (
               SELECT 1 FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.status = 'FINALIZED')) THEN
        RAISE EXCEPTION '% holds FINALIZED invoices, which cannot change', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER invoice_no_truncate BEFORE TRUNCATE ON invoice
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_refuse_truncate();
CREATE TRIGGER invoice_line_no_truncate BEFORE TRUNCATE ON invoice_line
    FOR EACH STATEMENT EXECUTE FUNCTION invoice_refuse_truncate();
