-- Usage no longer adds itself to the invoice rows in the charge's transaction (issue 30: that rollup, two upserts
-- and a guard trigger per subscription of every batch, made ingestion five times slower). The charge inserts its
-- records; invoice/InvoiceFold folds them into the DRAFT invoice and its lines later, many batches at once, and
-- before every invoice read and finalization (docs/design.md "Invoices", docs/architecture.md).
--
-- folded_through: the invoice holds exactly the usage records of its subscription and period whose id is at most
-- this one; the ones above it are the unfolded tail. Exact because a subscription's record ids grow in commit order:
-- ingestion locks the subscription and gives its records ids above the subscription's last one
-- (usage/UsageService), so no record can later commit below a watermark. Read only while the invoice is DRAFT.
ALTER TABLE invoice ADD COLUMN folded_through uuid;

-- Every DRAFT invoice today already holds all its records (the old rollup ran in the charge's transaction).
UPDATE invoice i SET folded_through = coalesce(
    (SELECT r.id FROM usage_record r WHERE r.subscription_id = i.subscription_id ORDER BY r.id DESC LIMIT 1),
    '00000000-0000-0000-0000-000000000000')
WHERE i.status = 'DRAFT';
