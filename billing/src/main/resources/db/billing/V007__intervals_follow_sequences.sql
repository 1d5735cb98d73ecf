-- A session's charged intervals now follow its sequence numbers (docs/billing.md "Intervals"): a record must fit
-- between the records charged before and after it by sequence. Checking that needs only the primary key (the
-- nearest record on either side), so the index by interval, which existed for the overlap check alone, goes: one
-- index fewer to insert into per usage record.
--
-- Charges stored before were checked for overlaps only; the rule holds for them only if their intervals already
-- ascend with their sequences (a host daemon numbers them so). Refuse to upgrade otherwise, naming a session:
-- the new check, which looks at neighbours only, could miss an overlap around such a session's records.
DO $$
DECLARE
    offending uuid;
BEGIN
    SELECT session_id INTO offending FROM (
        SELECT session_id, interval_start,
            lag(interval_end) OVER (PARTITION BY session_id ORDER BY sequence) AS previous_end
        FROM usage_charge
    ) c WHERE c.previous_end > c.interval_start LIMIT 1;
    IF offending IS NOT NULL THEN
        RAISE EXCEPTION 'session % has charged intervals out of the order of their sequence numbers', offending
            USING HINT = 'see docs/operations.md "Upgrading billing to V007"';
    END IF;
END $$;

DROP INDEX usage_charge_by_session_interval;

ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_reason_check;
ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_reason_check CHECK (reason IN ('malformed', 'bad-signature',
    'unknown-agreement', 'agreement-mismatch', 'outside-lease', 'overlapping-interval', 'interval-out-of-order',
    'sequence-reused', 'unknown-unit'));
