-- Catalog, subscriptions, credit grants and the event log.
-- Money is NUMERIC(19,6) + an ISO 4217 currency; never floating point.

CREATE TABLE offer (
    id              varchar(64)  PRIMARY KEY,
    name_en         varchar(200) NOT NULL,
    name_zh_tw      varchar(200),
    category        varchar(20)  NOT NULL CHECK (category IN ('FREE_TRIAL', 'STUDENT', 'PAY_AS_YOU_GO')),
    credit_amount   numeric(19, 6) CHECK (credit_amount > 0),
    credit_currency varchar(3) CHECK (credit_currency ~ '^[A-Z]{3}$'),
    term_days       integer CHECK (term_days BETWEEN 1 AND 3650),
    spending_limit  varchar(3)   NOT NULL CHECK (spending_limit IN ('ON', 'OFF')),
    version         bigint       NOT NULL DEFAULT 0,
    CHECK ((credit_amount IS NULL) = (credit_currency IS NULL))
);

CREATE TABLE offer_upgrade_target (
    offer_id        varchar(64) NOT NULL REFERENCES offer (id) ON DELETE CASCADE,
    target_offer_id varchar(64) NOT NULL REFERENCES offer (id),
    PRIMARY KEY (offer_id, target_offer_id),
    CHECK (offer_id <> target_offer_id)
);

CREATE TABLE meter (
    id                  varchar(64)    PRIMARY KEY,
    name_en             varchar(200)   NOT NULL,
    name_zh_tw          varchar(200),
    unit                varchar(50)    NOT NULL,
    unit_price_amount   numeric(19, 6) NOT NULL CHECK (unit_price_amount >= 0),
    unit_price_currency varchar(3)     NOT NULL CHECK (unit_price_currency ~ '^[A-Z]{3}$'),
    version             bigint         NOT NULL DEFAULT 0
);

CREATE TABLE subscription (
    id                         uuid         PRIMARY KEY,
    owner_id                   varchar(255) NOT NULL,
    display_name               varchar(100) NOT NULL,
    offer_id                   varchar(64)  NOT NULL REFERENCES offer (id),
    original_offer_id          varchar(64)  NOT NULL REFERENCES offer (id),
    -- Set when the subscription started as a Free Trial: an account gets one, ever.
    free_trial                 boolean      NOT NULL,
    state                      varchar(10)  NOT NULL CHECK (state IN ('ACTIVE', 'DISABLED', 'CANCELLED')),
    disabled_reason            varchar(20)  CHECK (disabled_reason IN ('CREDIT_EXHAUSTED', 'TRIAL_EXPIRED')),
    spending_limit             varchar(3)   NOT NULL CHECK (spending_limit IN ('ON', 'OFF')),
    created_at                 timestamptz  NOT NULL,
    trial_ends_at              timestamptz,
    pending_upgrade_request_id uuid,
    version                    bigint       NOT NULL DEFAULT 0,
    CHECK ((state = 'DISABLED') = (disabled_reason IS NOT NULL))
);
CREATE UNIQUE INDEX subscription_one_free_trial_per_owner ON subscription (owner_id) WHERE free_trial;
-- Keyset pagination of an owner's subscriptions (ids are time-ordered UUIDs).
CREATE INDEX subscription_owner_id ON subscription (owner_id, id);

CREATE TABLE benefit_balance (
    id               uuid           PRIMARY KEY,
    subscription_id  uuid           NOT NULL REFERENCES subscription (id),
    kind             varchar(10)    NOT NULL DEFAULT 'CREDIT' CHECK (kind = 'CREDIT'),
    original_amount  numeric(19, 6) NOT NULL CHECK (original_amount > 0),
    remaining_amount numeric(19, 6) NOT NULL CHECK (remaining_amount >= 0),
    currency         varchar(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    granted_at       timestamptz    NOT NULL,
    expires_at       timestamptz,
    status           varchar(10)    NOT NULL CHECK (status IN ('ACTIVE', 'EXHAUSTED', 'EXPIRED')),
    reason           varchar(200),
    CHECK (remaining_amount <= original_amount),
    CHECK (status <> 'EXHAUSTED' OR remaining_amount = 0)
);
CREATE INDEX benefit_balance_subscription_id ON benefit_balance (subscription_id, id);
-- Credit expiry scans only grants that can still expire.
CREATE INDEX benefit_balance_active_expiry ON benefit_balance (expires_at) WHERE status = 'ACTIVE' AND expires_at IS NOT NULL;

-- Append-only event feed. Writers take a transaction-scoped advisory lock before inserting
-- (see EventLog), so ids become visible in commit order and a reader paging with ?after= never
-- skips an event that commits later with a smaller id.
CREATE TABLE event (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type            varchar(40)  NOT NULL,
    subscription_id uuid         NOT NULL REFERENCES subscription (id),
    owner_id        varchar(255) NOT NULL,
    occurred_at     timestamptz  NOT NULL,
    data            jsonb        NOT NULL DEFAULT '{}'
);
CREATE INDEX event_owner_id ON event (owner_id, id);
CREATE INDEX event_subscription_id ON event (subscription_id, id);

-- The catalog of DESIGN.md section 2.
INSERT INTO offer (id, name_en, name_zh_tw, category, credit_amount, credit_currency, term_days, spending_limit) VALUES
    ('MS-AZR-0044P', 'Free Trial',         '免費試用',       'FREE_TRIAL',    200.00, 'USD', 30,   'ON'),
    ('MS-AZR-0144P', 'Microsoft Imagine',  'Microsoft Imagine', 'STUDENT',    NULL,   NULL,  NULL, 'ON'),
    ('MS-AZR-0170P', 'Azure for Students', 'Azure 學生版',    'STUDENT',       100.00, 'USD', 365,  'ON'),
    ('MS-AZR-0003P', 'Pay-As-You-Go',      '隨用隨付',       'PAY_AS_YOU_GO', NULL,   NULL,  NULL, 'OFF');

INSERT INTO offer_upgrade_target (offer_id, target_offer_id) VALUES
    ('MS-AZR-0044P', 'MS-AZR-0003P'),
    ('MS-AZR-0144P', 'MS-AZR-0003P'),
    ('MS-AZR-0170P', 'MS-AZR-0003P');

INSERT INTO meter (id, name_en, name_zh_tw, unit, unit_price_amount, unit_price_currency) VALUES
    ('vm-b1s-hour',              'Virtual Machines B1s',        '虛擬機器 B1s',     '1 Hour',     0.0104, 'USD'),
    ('vm-d2s-v3-hour',           'Virtual Machines D2s v3',     '虛擬機器 D2s v3',  '1 Hour',     0.096,  'USD'),
    ('storage-hot-lrs-gb-month', 'Blob Storage Hot LRS',        'Blob 儲存體經常性存取層 LRS', '1 GB/Month', 0.0184, 'USD'),
    ('bandwidth-egress-gb',      'Bandwidth Data Transfer Out', '頻寬資料傳出',     '1 GB',       0.087,  'USD');
