-- Billing periods, invoices, payout statements, payouts, disputes and credit notes (docs/billing.md, "Periods,
-- invoices and payouts" and "Disputes and credit notes"). Flyway runs this with search_path "billing". Function bodies name tables with
-- their schema: they run with the caller's search_path.

-- Time-ordered ids (UUID version 7) for rows made in SQL, like the broker's Ids, so paging by id follows creation.
CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- A billing period [starts_at, ends_at). Its id names its start: '2026-11' (calendar months) or '2026-11-30' (days).
-- A row exists once the period is current, listed or closed; it is open until closed_at is set, then immutable.
CREATE TABLE period (
    id        text        PRIMARY KEY CHECK (id ~ '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$'),
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL CHECK (ends_at > starts_at),
    closed_at timestamptz,
    -- The finance or admin account that closed it, or billing's own account (automatic close after the grace).
    closed_by uuid,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
CREATE INDEX period_closed_by_time ON period (starts_at, ends_at) WHERE closed_at IS NOT NULL;

CREATE FUNCTION period_closes_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.closed_at IS NOT NULL OR NEW.id <> OLD.id OR NEW.starts_at <> OLD.starts_at
            OR NEW.ends_at <> OLD.ends_at THEN
        RAISE EXCEPTION 'billing period % is closed or its bounds are fixed: % refused', OLD.id, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER period_closes_once BEFORE UPDATE OR DELETE ON period
    FOR EACH ROW EXECUTE FUNCTION period_closes_once();

-- A charge belongs to the period of its rated_at; a closed period takes no more charges. The consumer rates with the
-- time of rating, so a late record lands in the open period; this refuses (and the consumer retries with a new
-- rated_at) the one that would land in a closed period. Closing locks usage_charge against inserts (SHARE ROW
-- EXCLUSIVE) so an insert either commits before the close reads, or after it, and then meets this check.
CREATE FUNCTION usage_charge_in_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    closed text;
BEGIN
    SELECT id INTO closed FROM billing.period
        WHERE closed_at IS NOT NULL AND starts_at <= NEW.rated_at AND NEW.rated_at < ends_at LIMIT 1;
    IF closed IS NOT NULL THEN
        RAISE EXCEPTION 'billing period % is closed: a charge rated at % belongs to an open period', closed,
            NEW.rated_at USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER usage_charge_in_open_period BEFORE INSERT ON usage_charge
    FOR EACH ROW EXECUTE FUNCTION usage_charge_in_open_period();

-- Per customer and currency, one invoice per closed period.
CREATE TABLE invoice (
    id                  uuid        PRIMARY KEY,
    period_id           text        NOT NULL REFERENCES period (id),
    customer_account_id uuid        NOT NULL,
    currency            char(3)     NOT NULL,
    -- What the usage was worth, what was charged of it, and what the purchase orders could not pay (overruns).
    rated_micros        bigint      NOT NULL CHECK (rated_micros >= 0),
    charged_micros      bigint      NOT NULL CHECK (charged_micros BETWEEN 0 AND rated_micros),
    uncharged_micros    bigint      NOT NULL CHECK (uncharged_micros = rated_micros - charged_micros),
    issued_at           timestamptz NOT NULL,
    UNIQUE (period_id, customer_account_id, currency)
);
CREATE INDEX invoice_by_customer ON invoice (customer_account_id, id);

-- One line per session and component (machine-hour, egress-gib, ...), summed over the period's records. A record
-- only partly charged (its order ran out) has its charge spread over its components in proportion to their rated
-- amounts (rounded down, the rest on its largest component), and the uncharged part is shown on its own.
CREATE TABLE invoice_line (
    id                uuid   PRIMARY KEY,
    invoice_id        uuid   NOT NULL REFERENCES invoice (id),
    session_id        uuid   NOT NULL,
    purchase_order_id uuid   NOT NULL,
    host_operator_id  uuid   NOT NULL,
    component         text   NOT NULL,
    records           bigint NOT NULL CHECK (records > 0),
    measured          bigint NOT NULL CHECK (measured >= 0),
    rated_micros      bigint NOT NULL CHECK (rated_micros >= 0),
    charged_micros    bigint NOT NULL CHECK (charged_micros BETWEEN 0 AND rated_micros),
    -- The platform's part of charged_micros (spread like the charge); a credit note takes it back in proportion.
    fee_micros        bigint NOT NULL CHECK (fee_micros >= 0),
    uncharged_micros  bigint NOT NULL CHECK (uncharged_micros = rated_micros - charged_micros),
    UNIQUE (invoice_id, session_id, component, purchase_order_id, host_operator_id)
);

-- Per host operator and currency, one payout statement per closed period: what its hosts earned.
CREATE TABLE payout_statement (
    id               uuid        PRIMARY KEY,
    period_id        text        NOT NULL REFERENCES period (id),
    host_operator_id uuid        NOT NULL,
    currency         char(3)     NOT NULL,
    charged_micros   bigint      NOT NULL CHECK (charged_micros >= 0),
    fee_micros       bigint      NOT NULL CHECK (fee_micros BETWEEN 0 AND charged_micros),
    payable_micros   bigint      NOT NULL CHECK (payable_micros = charged_micros - fee_micros),
    -- Usage the host provided that no purchase order paid (overruns): the host's risk, reported, not payable.
    uncharged_micros bigint      NOT NULL CHECK (uncharged_micros >= 0),
    issued_at        timestamptz NOT NULL,
    UNIQUE (period_id, host_operator_id, currency)
);
CREATE INDEX payout_statement_by_operator ON payout_statement (host_operator_id, id);

CREATE TABLE payout_statement_line (
    statement_id     uuid   NOT NULL REFERENCES payout_statement (id),
    session_id       uuid   NOT NULL,
    records          bigint NOT NULL CHECK (records > 0),
    charged_micros   bigint NOT NULL CHECK (charged_micros >= 0),
    fee_micros       bigint NOT NULL CHECK (fee_micros BETWEEN 0 AND charged_micros),
    payable_micros   bigint NOT NULL CHECK (payable_micros = charged_micros - fee_micros),
    uncharged_micros bigint NOT NULL CHECK (uncharged_micros >= 0),
    PRIMARY KEY (statement_id, session_id)
);

-- The platform's side of a closed period, per currency.
CREATE TABLE period_revenue (
    period_id        text    NOT NULL REFERENCES period (id),
    currency         char(3) NOT NULL,
    records          bigint  NOT NULL,
    rated_micros     bigint  NOT NULL,
    charged_micros   bigint  NOT NULL,
    fee_micros       bigint  NOT NULL,
    host_payable_micros bigint NOT NULL CHECK (host_payable_micros = charged_micros - fee_micros),
    uncharged_micros bigint  NOT NULL CHECK (uncharged_micros = rated_micros - charged_micros),
    PRIMARY KEY (period_id, currency)
);

-- A statement paid out: one host-payout journal entry, host-payable -> external. At most one per statement.
CREATE TABLE payout (
    statement_id     uuid        PRIMARY KEY REFERENCES payout_statement (id),
    -- The statement's payable less the host's share of credit notes on its lines issued before payment.
    amount_micros    bigint      NOT NULL CHECK (amount_micros >= 0),
    journal_entry_id uuid        UNIQUE,
    reference        text        CHECK (length(reference) <= 200),
    paid_at          timestamptz NOT NULL,
    paid_by          uuid        NOT NULL,
    CHECK ((amount_micros > 0) = (journal_entry_id IS NOT NULL))
);

-- A customer's dispute of an invoice line: open, then credited (a credit note) or rejected, by finance.
CREATE TABLE dispute (
    id                  uuid        PRIMARY KEY,
    invoice_id          uuid        NOT NULL REFERENCES invoice (id),
    invoice_line_id     uuid        NOT NULL REFERENCES invoice_line (id),
    customer_account_id uuid        NOT NULL,
    reason              text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    status              text        NOT NULL CHECK (status IN ('open', 'credited', 'rejected')),
    opened_at           timestamptz NOT NULL,
    opened_by           uuid        NOT NULL,
    resolved_at         timestamptz,
    resolved_by         uuid,
    resolution          text        CHECK (length(resolution) BETWEEN 1 AND 2000),
    CHECK ((status = 'open') = (resolved_at IS NULL)),
    CHECK ((status = 'open') = (resolved_by IS NULL))
);
CREATE INDEX dispute_by_customer ON dispute (customer_account_id, id);
-- One open dispute per line; a resolved one leaves the line open to a new dispute.
CREATE UNIQUE INDEX dispute_one_open_per_line ON dispute (invoice_line_id) WHERE status = 'open';

CREATE FUNCTION dispute_resolves_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.status <> 'open' OR NEW.id <> OLD.id OR NEW.invoice_line_id <> OLD.invoice_line_id
            OR NEW.customer_account_id <> OLD.customer_account_id OR NEW.reason <> OLD.reason
            OR NEW.opened_at <> OLD.opened_at THEN
        RAISE EXCEPTION 'dispute % is resolved or its claim is fixed: % refused', OLD.id, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER dispute_resolves_once BEFORE UPDATE OR DELETE ON dispute
    FOR EACH ROW EXECUTE FUNCTION dispute_resolves_once();

-- A correction of a closed period: money back to the customer's available funds, taken from the host's payable and
-- the platform's revenue in the proportion the line's charge gave them. One per credited dispute.
CREATE TABLE credit_note (
    id                  uuid        PRIMARY KEY,
    dispute_id          uuid        NOT NULL UNIQUE REFERENCES dispute (id),
    invoice_id          uuid        NOT NULL REFERENCES invoice (id),
    invoice_line_id     uuid        NOT NULL REFERENCES invoice_line (id),
    period_id           text        NOT NULL REFERENCES period (id),
    customer_account_id uuid        NOT NULL,
    host_operator_id    uuid        NOT NULL,
    currency            char(3)     NOT NULL,
    amount_micros       bigint      NOT NULL CHECK (amount_micros > 0),
    host_share_micros   bigint      NOT NULL CHECK (host_share_micros >= 0),
    fee_share_micros    bigint      NOT NULL CHECK (fee_share_micros >= 0),
    journal_entry_id    uuid        NOT NULL UNIQUE,
    issued_at           timestamptz NOT NULL,
    issued_by           uuid        NOT NULL,
    CHECK (host_share_micros + fee_share_micros = amount_micros)
);
CREATE INDEX credit_note_by_customer ON credit_note (customer_account_id, id);
CREATE INDEX credit_note_by_line ON credit_note (invoice_line_id);
CREATE INDEX credit_note_by_operator_period ON credit_note (host_operator_id, period_id, currency);

-- What a closed period produced is evidence, like the journal: never changed or removed (corrections are credit
-- notes). billing_is_append_only() is V001's.
CREATE TRIGGER invoice_append_only BEFORE UPDATE OR DELETE ON invoice
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER invoice_line_append_only BEFORE UPDATE OR DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER payout_statement_append_only BEFORE UPDATE OR DELETE ON payout_statement
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER payout_statement_line_append_only BEFORE UPDATE OR DELETE ON payout_statement_line
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER period_revenue_append_only BEFORE UPDATE OR DELETE ON period_revenue
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER payout_append_only BEFORE UPDATE OR DELETE ON payout
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
CREATE TRIGGER credit_note_append_only BEFORE UPDATE OR DELETE ON credit_note
    FOR EACH ROW EXECUTE FUNCTION billing_is_append_only();
