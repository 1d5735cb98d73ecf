-- usage_charge takes one row per usage record, thousands a second, and every index costs each of them an insert
-- (docs/benchmarks.md "Billing": together about a fifth of the row's cost). Keep only what charging and the
-- reports need, in the cheapest form:
--
-- * rated_at only ever grows with the table (rows are appended in charging order, never updated or deleted), so a
--   BRIN index (a min and max per range of pages) finds a period's rows as a B-tree did, for almost nothing per
--   insert. autosummarize: new ranges are summarised soon after they fill, not only by VACUUM.
-- * journal_entry_id was indexed for reconciliation, to ask whether an entry is named by some charge. Each
--   transaction's charges and entry share one timestamp (rated_at = created_at), so reconciliation now asks among
--   the charges of the range it reconciles, which it reads anyway.
DROP INDEX usage_charge_by_rated_at;
CREATE INDEX usage_charge_by_rated_at ON usage_charge USING brin (rated_at) WITH (autosummarize = on);
DROP INDEX usage_charge_by_journal_entry;
