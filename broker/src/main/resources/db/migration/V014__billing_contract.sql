-- What billing (issue 6, its own service and schema in this database) reads of the broker's tables.
-- docs/billing.md "The contract with the broker" explains each part.

-- Every agreement a session was ever under. Billing rates a usage record with the agreement the record names, and a
-- modification (resize, extension) replaces session.agreement, so the replaced ones are kept here. A trigger keeps
-- the history, so no code path that sets an agreement can forget it; the history is append-only like the journal.
CREATE TABLE session_agreement (
    agreement_id text        PRIMARY KEY,
    session_id   uuid        NOT NULL REFERENCES session (id),
    -- The SignedEnvelope (canonical JSON) with the host's and the broker's signatures, as in session.agreement.
    agreement    bytea       NOT NULL,
    recorded_at  timestamptz NOT NULL
);
CREATE INDEX session_agreement_by_session ON session_agreement (session_id);

CREATE FUNCTION session_agreement_is_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO session_agreement (agreement_id, session_id, agreement, recorded_at)
        VALUES (NEW.agreement_id, NEW.id, NEW.agreement, now())
        ON CONFLICT (agreement_id) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER session_agreement_kept AFTER INSERT OR UPDATE OF agreement_id, agreement ON session
    FOR EACH ROW EXECUTE FUNCTION session_agreement_is_kept();
CREATE TRIGGER session_agreement_append_only BEFORE UPDATE OR DELETE ON session_agreement
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();

-- Sessions from before this migration: their agreement in force (the replaced ones are gone).
INSERT INTO session_agreement (agreement_id, session_id, agreement, recorded_at)
    SELECT agreement_id, id, agreement, updated_at FROM session
    ON CONFLICT (agreement_id) DO NOTHING;

-- The region of the leased machine (its offer's location), for billing's usage-by-region reports. NULL for sessions
-- created before this migration.
ALTER TABLE session ADD COLUMN region text CHECK (region IS NULL OR length(region) BETWEEN 1 AND 64);

-- The account billing posts its journal entries as (journal_entry.created_by): a finance account of the platform,
-- with no API key, so nobody can act as it over the API.
INSERT INTO account (id, kind, name, contact_email, created_at)
    VALUES ('00000000-0000-4000-8000-00000000b111', 'finance', 'Billing service', 'billing@localhost', now())
    ON CONFLICT (id) DO NOTHING;
