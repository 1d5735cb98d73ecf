-- Hosts: the daemons of host operators, enrolled with a one-time token (issue 4).

-- Only a SHA-256 of the token's secret is stored: the token is shown once, at creation. A token is
-- burnt by setting used_at (a conditional UPDATE, so two concurrent enrollments cannot both win).
CREATE TABLE host_enrollment_token (
    id          uuid        PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id),
    secret_hash bytea       NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    host_id     uuid,
    CHECK ((used_at IS NULL) = (host_id IS NULL))
);
CREATE INDEX host_enrollment_token_by_account ON host_enrollment_token (account_id, id);

CREATE TABLE host (
    id                uuid        PRIMARY KEY,
    account_id        uuid        NOT NULL REFERENCES account (id),
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    -- The host's Ed25519 identity key (32 bytes): signs its heartbeats, advertisements and agreements.
    host_key          bytea       NOT NULL UNIQUE CHECK (length(host_key) = 32),
    status            text        NOT NULL CHECK (status IN ('up', 'suspect', 'down', 'revoked')),
    enrolled_at       timestamptz NOT NULL,
    last_seen_at      timestamptz NOT NULL,
    status_changed_at timestamptz NOT NULL,
    -- The highest heartbeat sequence accepted: a replayed or reordered heartbeat is refused.
    last_sequence     bigint      NOT NULL DEFAULT 0,
    machines_total    integer,
    machines_ready    integer,
    revoked_at        timestamptz,
    revocation_reason text,
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
CREATE INDEX host_by_account ON host (account_id, id);
-- The failure detector's scan: live hosts by how long they have been silent.
CREATE INDEX host_liveness ON host (last_seen_at) WHERE status IN ('up', 'suspect');

-- Every certificate issued to a host: X.509 (tls) and DHT membership. Revoking a host revokes them
-- all; the CRL lists the revoked tls serials.
CREATE TABLE host_certificate (
    id         uuid        PRIMARY KEY,
    host_id    uuid        NOT NULL REFERENCES host (id),
    kind       text        NOT NULL CHECK (kind IN ('tls', 'membership')),
    serial     bigint      NOT NULL CHECK (serial >= 0),
    issued_at  timestamptz NOT NULL,
    not_after  timestamptz NOT NULL,
    revoked_at timestamptz,
    UNIQUE (kind, serial)
);
CREATE INDEX host_certificate_by_host ON host_certificate (host_id);
CREATE INDEX host_certificate_revoked ON host_certificate (kind, revoked_at) WHERE revoked_at IS NOT NULL;
