-- A line moved to or from a FINALIZED invoice is refused before the unique key is checked, as V10's row trigger did
-- (V12's statement triggers run after it). The WHEN clause is evaluated without calling the function, so the
-- rollup's updates, which never change invoice_id, pay nothing for it.
CREATE FUNCTION invoice_line_refuse_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM invoice WHERE id IN (OLD.invoice_id, NEW.invoice_id) AND status = 'FINALIZED') THEN
        RAISE EXCEPTION 'invoice_line: an invoice is FINALIZED; its lines cannot change'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER invoice_line_move_of_finalized BEFORE UPDATE ON invoice_line
    FOR EACH ROW WHEN (OLD.invoice_id IS DISTINCT FROM NEW.invoice_id) EXECUTE FUNCTION invoice_line_refuse_move();
