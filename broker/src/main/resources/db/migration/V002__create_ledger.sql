-- A double-entry ledger. Journal entries and their lines are append-only; ledger account balances are derived
-- from the lines by a trigger, and each balance is kept above its floor by a CHECK, so even a bug in the service
-- cannot overdraw a purchase order or an account past its credit limit.
CREATE TABLE ledger_account (
    id                uuid    PRIMARY KEY,
    book              text    NOT NULL CHECK (book IN ('customer-available', 'customer-ring-fenced', 'host-payable',
                                                       'platform-revenue', 'external')),
    owner_account_id  uuid    REFERENCES account (id),
    purchase_order_id uuid,
    currency          char(3) NOT NULL,
    balance_micros    bigint  NOT NULL DEFAULT 0,
    -- The lowest balance allowed; NULL means unbounded (the external book mirrors money outside the platform).
    floor_micros      bigint,
    CONSTRAINT ledger_account_above_floor CHECK (floor_micros IS NULL OR balance_micros >= floor_micros),
    CONSTRAINT ledger_account_identity UNIQUE NULLS NOT DISTINCT (book, owner_account_id, purchase_order_id, currency)
);

CREATE TABLE journal_entry (
    id                uuid        PRIMARY KEY,
    kind              text        NOT NULL,
    currency          char(3)     NOT NULL,
    account_id        uuid        REFERENCES account (id),
    purchase_order_id uuid,
    reference         text,
    -- The account whose credential made the movement (an admin, finance, or the customer itself).
    created_by        uuid        NOT NULL REFERENCES account (id),
    created_at        timestamptz NOT NULL
);
CREATE INDEX journal_entry_by_account ON journal_entry (account_id, id);

CREATE TABLE journal_line (
    id                uuid   PRIMARY KEY,
    entry_id          uuid   NOT NULL REFERENCES journal_entry (id),
    ledger_account_id uuid   NOT NULL REFERENCES ledger_account (id),
    amount_micros     bigint NOT NULL CHECK (amount_micros <> 0)
);
CREATE INDEX journal_line_by_entry ON journal_line (entry_id);
CREATE INDEX journal_line_by_ledger_account ON journal_line (ledger_account_id);

CREATE FUNCTION journal_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_line_append_only BEFORE UPDATE OR DELETE ON journal_line
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_line_no_truncate BEFORE TRUNCATE ON journal_line
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();

-- Balances are derived from the lines, in the same transaction.
CREATE FUNCTION journal_line_moves_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_account SET balance_micros = balance_micros + NEW.amount_micros WHERE id = NEW.ledger_account_id;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_line_moves_balance AFTER INSERT ON journal_line
    FOR EACH ROW EXECUTE FUNCTION journal_line_moves_balance();

-- Every entry balances: checked at commit, once all of its lines are in.
CREATE FUNCTION journal_entry_is_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total numeric;
BEGIN
    SELECT sum(amount_micros) INTO total FROM journal_line WHERE entry_id = NEW.entry_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'journal entry % does not balance (sum %)', NEW.entry_id, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_line
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_is_balanced();
