-- Funds (issue 5 §2 "Money"): low-funds thresholds on purchase orders, sessions paused for a grace
-- period when their order runs out, and customer webhooks delivered from a transactional outbox.

-- When what an order has neither spent nor held for sessions falls below this, the customer is
-- notified (order.low-funds). NULL: the default, 10 % of the limit (docs/sessions.md).
ALTER TABLE purchase_order ADD COLUMN low_funds_threshold_micros bigint
    CHECK (low_funds_threshold_micros IS NULL OR low_funds_threshold_micros >= 0);
-- Set when order.low-funds was sent; cleared once the order is above its threshold again, so
-- that it is sent once per fall, not every sweep.
ALTER TABLE purchase_order ADD COLUMN low_funds_notified_at timestamptz;

-- A session whose open-ended hold ran out is paused (its machine stopped at the host) for a grace
-- period, then ended funds-exhausted unless money came.
ALTER TABLE session DROP CONSTRAINT session_state_check;
ALTER TABLE session ADD CONSTRAINT session_state_check
    CHECK (state IN ('requested', 'admitted', 'provisioning', 'running', 'paused', 'failed', 'ended'));
-- The current pause: since when, and until when it may last.
ALTER TABLE session ADD COLUMN paused_at timestamptz;
ALTER TABLE session ADD COLUMN grace_until timestamptz;
-- Time spent paused in earlier pauses: it accrues nothing (docs/sessions.md "Funds, pause and grace").
ALTER TABLE session ADD COLUMN paused_millis bigint NOT NULL DEFAULT 0 CHECK (paused_millis >= 0);
ALTER TABLE session ADD CONSTRAINT session_paused_consistently
    CHECK ((state = 'paused') = (paused_at IS NOT NULL AND grace_until IS NOT NULL));

-- Where an account's webhooks go (one endpoint per account).
CREATE TABLE webhook_endpoint (
    account_id uuid        PRIMARY KEY REFERENCES account (id),
    url        text        NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- The outbox: every webhook event is a row written in the same transaction as the state change it
-- reports, so none is lost; the dispatcher delivers, retries with backoff, and records the outcome.
CREATE TABLE webhook_delivery (
    id              uuid        PRIMARY KEY,
    account_id      uuid        NOT NULL REFERENCES account (id),
    event_type      text        NOT NULL,
    -- The event as canonical JSON (what the broker signs).
    event           bytea       NOT NULL,
    created_at      timestamptz NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Due for the next attempt; a dispatcher that takes a row pushes it ahead by its lease, so a
    -- broker that dies mid-delivery leaves the row to be retried, never lost.
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    last_error      text,
    CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_by_account ON webhook_delivery (account_id, created_at);
