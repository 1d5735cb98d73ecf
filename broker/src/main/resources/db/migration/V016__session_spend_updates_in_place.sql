-- Billing moves every live session's spent_micros and reserved_micros once per charging transaction (several
-- times a second when busy). Make that update cheap, for billing and for the table's health:
--
-- * HOT updates (no index touched, the new version on the same page): no index may cover the columns it changes,
--   so the index of sessions holding money loses its predicate on reserved_micros (queries keep the condition as
--   a filter on an order's few sessions), and pages keep a fifth free for the new versions.
-- * A narrow row: the signed agreement (about a kilobyte, never changed) is stored out of line, so an update
--   copies a pointer to it rather than the whole envelope.
--
-- CREATE INDEX without CONCURRENTLY: Flyway runs this in a transaction. On a large live table, create the new
-- index CONCURRENTLY by hand first; the statement below then does nothing.
DROP INDEX session_holding_by_order;
CREATE INDEX IF NOT EXISTS session_by_order ON session (purchase_order_id);
ALTER TABLE session ALTER COLUMN agreement SET STORAGE EXTERNAL;
ALTER TABLE session SET (fillfactor = 80, toast_tuple_target = 128);
