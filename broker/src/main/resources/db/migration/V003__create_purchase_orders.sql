-- A purchase order ring-fences money for later spend. What remains of it is the balance of its own
-- customer-ring-fenced ledger account; the row holds its terms and its state.
CREATE TABLE purchase_order (
    id              uuid        PRIMARY KEY,
    account_id      uuid        NOT NULL REFERENCES account (id),
    currency        char(3)     NOT NULL,
    limit_micros    bigint      NOT NULL CHECK (limit_micros > 0),
    status          text        NOT NULL CHECK (status IN ('open', 'cancelled', 'expired')),
    description     text        CHECK (length(description) <= 500),
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    closed_at       timestamptz,
    -- What went back to the customer's available funds when the order closed.
    released_micros bigint      NOT NULL DEFAULT 0,
    CONSTRAINT purchase_order_closed_consistently CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX purchase_order_by_account ON purchase_order (account_id, id);
CREATE INDEX purchase_order_open_by_expiry ON purchase_order (expires_at) WHERE status = 'open';

ALTER TABLE ledger_account
    ADD CONSTRAINT ledger_account_purchase_order FOREIGN KEY (purchase_order_id) REFERENCES purchase_order (id);
ALTER TABLE journal_entry
    ADD CONSTRAINT journal_entry_purchase_order FOREIGN KEY (purchase_order_id) REFERENCES purchase_order (id);
