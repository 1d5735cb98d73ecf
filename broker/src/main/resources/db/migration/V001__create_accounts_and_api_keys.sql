-- Accounts are the parties of the marketplace; API keys are their credentials.
CREATE TABLE account (
    id            uuid        PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('customer', 'host-operator', 'finance', 'admin')),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    contact_email text        NOT NULL CHECK (length(contact_email) BETWEEN 3 AND 320),
    -- Set for the admin account created from configuration, so a restart finds it again.
    bootstrap     boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX account_single_bootstrap ON account (bootstrap) WHERE bootstrap;

-- Only a SHA-256 of the secret is stored: the secret is shown once, at creation.
CREATE TABLE api_key (
    id          uuid        PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash bytea       NOT NULL CHECK (length(secret_hash) = 32),
    -- Space-separated scope names, as in OAuth 2.0 (RFC 6749 section 3.3).
    scopes      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX api_key_by_account ON api_key (account_id, id);
