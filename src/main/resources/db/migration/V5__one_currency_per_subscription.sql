-- One currency per subscription (issue 13): its credit, its usage and its cost summary are in the same currency.
-- Fixed by the offer's credit at creation, else by the first credit grant or the first priced usage (written
-- under the subscription's row lock, see benefit/BenefitService and usage/UsageService), never changed after.
ALTER TABLE subscription ADD COLUMN currency varchar(3) CHECK (currency ~ '^[A-Z]{3}$');

UPDATE subscription s SET currency = coalesce(
    (SELECT min(b.currency) FROM benefit_balance b WHERE b.subscription_id = s.id),
    (SELECT min(u.currency) FROM usage_record u WHERE u.subscription_id = s.id));

-- The database holds the rule too: a grant or a usage record must carry its subscription's currency. The composite
-- keys replace the plain ones (same cost per insert). NOT VALID: rows written before this rule existed are not
-- re-checked (a database that already mixed currencies still migrates); every new row is.
ALTER TABLE subscription ADD CONSTRAINT subscription_id_currency UNIQUE (id, currency);

ALTER TABLE benefit_balance DROP CONSTRAINT benefit_balance_subscription_id_fkey;
ALTER TABLE benefit_balance ADD CONSTRAINT benefit_balance_subscription_currency
    FOREIGN KEY (subscription_id, currency) REFERENCES subscription (id, currency)
    -- Checked at commit: Hibernate flushes a new grant's INSERT before the UPDATE that fixes the currency.
    DEFERRABLE INITIALLY DEFERRED NOT VALID;

ALTER TABLE usage_record DROP CONSTRAINT usage_record_subscription_id_fkey;
ALTER TABLE usage_record ADD CONSTRAINT usage_record_subscription_currency
    FOREIGN KEY (subscription_id, currency) REFERENCES subscription (id, currency) NOT VALID;
