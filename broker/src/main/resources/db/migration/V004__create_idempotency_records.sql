-- A POST carrying an Idempotency-Key is recorded in the same transaction as its effect, so a retry returns the
-- first response and never makes a second movement.
CREATE TABLE idempotency_record (
    account_id          uuid        NOT NULL REFERENCES account (id),
    idempotency_key     text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_fingerprint text        NOT NULL,
    status_code         int         NOT NULL,
    response_body       text        NOT NULL,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
CREATE INDEX idempotency_record_by_age ON idempotency_record (created_at);
