-- Sessions (issue 5): where hosts are reached, sessions and their events.

-- Where the broker reaches a host's mTLS control API: the host:port the daemon
-- names in its signed heartbeat. NULL until a heartbeat names one (daemons from before issue 5).
ALTER TABLE host ADD COLUMN control_endpoint text
    CHECK (control_endpoint IS NULL OR length(control_endpoint) BETWEEN 3 AND 300);

-- Sessions (leases): one machine of one host for one customer under a purchase order, bound by an
-- agreement the host signed and the broker countersigned. A row exists only once the host admitted
-- it: a request that finds no machine leaves nothing behind.
CREATE TABLE session (
    id                uuid        PRIMARY KEY,
    account_id        uuid        NOT NULL REFERENCES account (id),
    purchase_order_id uuid        NOT NULL REFERENCES purchase_order (id),
    -- The sessions one request created together (a group of count > 1 shares it).
    group_id          uuid        NOT NULL,
    host_id           uuid        NOT NULL REFERENCES host (id),
    machine_id        text        NOT NULL,
    state             text        NOT NULL
        CHECK (state IN ('requested', 'admitted', 'provisioning', 'running', 'failed', 'ended')),
    end_reason        text CHECK (end_reason IN ('customer', 'expired', 'funds-exhausted', 'host-unreachable',
                                                 'host-reclaimed', 'provisioning-failed', 'admin')),
    agreement_id      text        NOT NULL,
    -- The agreement in force as a SignedEnvelope (canonical JSON): the host's and the broker's signatures.
    agreement         bytea       NOT NULL,
    currency          char(3)     NOT NULL,
    price_per_hour_micros bigint  NOT NULL CHECK (price_per_hour_micros >= 0),
    -- Money of the purchase order held for this session while it lives: the agreed price for the
    -- agreed duration (open-ended: a minimum period). The sum over an order's live sessions never
    -- exceeds what the order holds.
    reserved_micros   bigint      NOT NULL CHECK (reserved_micros >= 0),
    -- What has been charged to the purchase order for this session (ring-fenced → host payable).
    -- The hold above is what is still owed or may still accrue: an ended session keeps holding
    -- its unpaid remainder until the charging sweep takes it.
    spent_micros      bigint      NOT NULL DEFAULT 0 CHECK (spent_micros >= 0),
    -- The agreed lease: from the host's start (its admission) to a fixed end, or open (NULL).
    lease_start       timestamptz NOT NULL,
    lease_end         timestamptz,
    ssh_host          text,
    ssh_port          integer,
    ssh_user          text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    ended_at          timestamptz,
    CHECK ((state IN ('failed', 'ended')) = (end_reason IS NOT NULL)),
    CHECK ((state IN ('failed', 'ended')) = (ended_at IS NOT NULL))
);
CREATE INDEX session_by_account ON session (account_id, id);
CREATE INDEX session_live_by_host ON session (host_id) WHERE state NOT IN ('failed', 'ended');
CREATE INDEX session_live_by_order ON session (purchase_order_id) WHERE state NOT IN ('failed', 'ended');
-- Sessions that still hold money (live ones, and ended ones not yet fully charged).
CREATE INDEX session_holding_by_order ON session (purchase_order_id) WHERE reserved_micros > 0;

-- What happened to a session, in order: requested, admitted, provisioning, running, modified,
-- failed/ended (with the reason).
CREATE TABLE session_event (
    id         bigserial   PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES session (id),
    at         timestamptz NOT NULL,
    kind       text        NOT NULL,
    reason     text,
    detail     text
);
CREATE INDEX session_event_by_session ON session_event (session_id, id);
