-- Exact money (docs/design.md §14, issue 28). Unit prices carry up to 10 decimal places (0.0000166667 per
-- GB-second); a cost is quantity (6 places) × unit price (10 places), kept exact, so costs, credit balances and the
-- invoice sums carry up to 16. The integer digits stay as they were: 13 for a price, a record's cost or a grant,
-- 18 for the sums of a month (invoice, invoice_line). Quantities keep their 6 places.
--
-- Widening the scale keeps every stored value (0.104000 reads back as 0.1040000000000000, the same number) and
-- rewrites the tables; numeric equality ignores scale, so invoice_line_once still sees 0.0104 and 0.0104000000 as
-- one line. The CHECK constraints and the triggers of V10-V13 read these columns by name, so they
-- keep working as they are; no view or function depends on their type.

ALTER TABLE offer
    ALTER COLUMN credit_amount TYPE numeric(23, 10);

ALTER TABLE meter
    ALTER COLUMN unit_price_amount TYPE numeric(23, 10);

ALTER TABLE benefit_balance
    ALTER COLUMN original_amount TYPE numeric(29, 16),
    ALTER COLUMN remaining_amount TYPE numeric(29, 16);

ALTER TABLE usage_record
    ALTER COLUMN unit_price TYPE numeric(23, 10),
    ALTER COLUMN cost TYPE numeric(29, 16),
    ALTER COLUMN covered_by_credit TYPE numeric(29, 16),
    ALTER COLUMN billable TYPE numeric(29, 16),
    ALTER COLUMN not_charged TYPE numeric(29, 16);

ALTER TABLE invoice
    ALTER COLUMN subtotal TYPE numeric(34, 16),
    ALTER COLUMN credit_applied TYPE numeric(34, 16),
    ALTER COLUMN not_charged TYPE numeric(34, 16),
    ALTER COLUMN total TYPE numeric(34, 16);

ALTER TABLE invoice_line
    ALTER COLUMN unit_price TYPE numeric(23, 10),
    ALTER COLUMN amount TYPE numeric(34, 16);
