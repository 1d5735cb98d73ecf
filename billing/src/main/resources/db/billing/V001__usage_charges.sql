-- Billing's own schema (docs/billing.md "Where billing keeps its data"). Flyway runs these with search_path
-- "billing"; the broker's tables are always named with their schema, public.

-- One row per usage record rated and charged. The primary key is the exactly-once key: the row, the journal entry
-- that moved the money and the session's hold release commit in one transaction, so a record delivered again finds
-- its row and is not charged twice.
CREATE TABLE usage_charge (
    session_id          uuid        NOT NULL,
    sequence            bigint      NOT NULL CHECK (sequence >= 1),
    agreement_id        text        NOT NULL,
    -- SHA-256 of the record's canonical body: the same key with other content is a reused sequence, not a replay.
    record_sha256       bytea       NOT NULL CHECK (length(record_sha256) = 32),
    customer_account_id uuid        NOT NULL,
    purchase_order_id   uuid        NOT NULL,
    host_id             uuid        NOT NULL,
    host_operator_id    uuid        NOT NULL,
    region              text,
    interval_start      timestamptz NOT NULL,
    interval_end        timestamptz NOT NULL CHECK (interval_end > interval_start),
    currency            char(3)     NOT NULL,
    -- What the usage is worth at the agreed prices; what the order paid of it (less only when the order ran out:
    -- the difference is an order_overrun); the platform's fee, part of what was paid.
    rated_micros        bigint      NOT NULL CHECK (rated_micros >= 0),
    charged_micros      bigint      NOT NULL CHECK (charged_micros BETWEEN 0 AND rated_micros),
    fee_micros          bigint      NOT NULL CHECK (fee_micros BETWEEN 0 AND charged_micros),
    -- The public.journal_entry that moved the money: one per purchase order per batch, whose ring-fenced line is
    -- the sum of its records' charges. NULL when nothing was charged (a free machine, an empty order).
    journal_entry_id    uuid,
    source_partition    integer     NOT NULL,
    source_offset       bigint      NOT NULL,
    rated_at            timestamptz NOT NULL,
    PRIMARY KEY (session_id, sequence),
    CHECK ((charged_micros > 0) = (journal_entry_id IS NOT NULL))
);
-- Overlap checks look up a session's intervals; periods and reports scan by time.
CREATE INDEX usage_charge_by_session_interval ON usage_charge (session_id, interval_start);
CREATE INDEX usage_charge_by_rated_at ON usage_charge (rated_at);
CREATE INDEX usage_charge_by_journal_entry ON usage_charge (journal_entry_id) WHERE journal_entry_id IS NOT NULL;

-- The priced components of each record, as rated (before any overrun).
CREATE TABLE usage_charge_line (
    session_id        uuid   NOT NULL,
    sequence          bigint NOT NULL,
    -- 'machine-hour' or a unit slug ('egress-gib', ...).
    component         text   NOT NULL,
    -- In base units: seconds for machine-hour, bytes for *-gib, seconds for cpu-core-hour, MiB-seconds for memory.
    measured          bigint NOT NULL CHECK (measured >= 0),
    unit_price_micros bigint NOT NULL CHECK (unit_price_micros >= 0),
    amount_micros     bigint NOT NULL CHECK (amount_micros >= 0),
    PRIMARY KEY (session_id, sequence, component),
    FOREIGN KEY (session_id, sequence) REFERENCES usage_charge (session_id, sequence)
);

-- Usage a purchase order could not pay: the host provided it and was not paid for it (the host's risk).
CREATE TABLE order_overrun (
    session_id        uuid        NOT NULL,
    sequence          bigint      NOT NULL,
    purchase_order_id uuid        NOT NULL,
    host_operator_id  uuid        NOT NULL,
    currency          char(3)     NOT NULL,
    overrun_micros    bigint      NOT NULL CHECK (overrun_micros > 0),
    recorded_at       timestamptz NOT NULL,
    PRIMARY KEY (session_id, sequence),
    FOREIGN KEY (session_id, sequence) REFERENCES usage_charge (session_id, sequence)
);
CREATE INDEX order_overrun_by_order ON order_overrun (purchase_order_id);

-- Records not charged, with the reason; one row per Kafka record, so a redelivered one is counted once.
CREATE TABLE dead_letter (
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    reason           text        NOT NULL CHECK (reason IN ('malformed', 'bad-signature', 'unknown-agreement',
                                                           'agreement-mismatch', 'outside-lease', 'overlapping-interval',
                                                           'sequence-reused', 'unknown-unit')),
    detail           text        NOT NULL,
    -- As the record claims them, when it could be read at all.
    session_id       text,
    sequence         bigint,
    record           bytea       NOT NULL,
    received_at      timestamptz NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE INDEX dead_letter_by_received_at ON dead_letter (received_at);

-- Rated usage is evidence: like the journal, it is never changed or removed (credit notes correct it).
CREATE FUNCTION billing_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'billing records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER usage_charge_append_only BEFORE UPDATE OR DELETE ON usage_charge
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER usage_charge_line_append_only BEFORE UPDATE OR DELETE ON usage_charge_line
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER order_overrun_append_only BEFORE UPDATE OR DELETE ON order_overrun
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER dead_letter_append_only BEFORE UPDATE OR DELETE ON dead_letter
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
