-- Closed billing periods' finance reports waiting to be, or already, published to Kafka billing.reports.v1
-- (docs/billing.md "billing.reports.v1"). One row per period: the report is built once, when the period closes, and
-- the relay sends exactly these bytes until Kafka acknowledges them.
CREATE TABLE report_publication (
    period_id    text        PRIMARY KEY CHECK (length(period_id) BETWEEN 1 AND 200),
    period_start timestamptz NOT NULL,
    period_end   timestamptz NOT NULL CHECK (period_end > period_start),
    -- The report as published (JSON, UTF-8): the Kafka record's value.
    payload      bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz,
    -- Kafka partition and offset of the acknowledged record.
    kafka_partition integer,
    kafka_offset    bigint,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    CHECK ((published_at IS NULL) = (kafka_offset IS NULL))
);
CREATE INDEX report_publication_pending ON report_publication (created_at) WHERE published_at IS NULL;
