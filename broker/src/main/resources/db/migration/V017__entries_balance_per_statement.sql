-- Each INSERT on journal_line must balance every entry it posts to, checked once at the end of the statement,
-- instead of a deferred check per line at commit.
--
-- Why: V002's journal_entry_balanced is a constraint trigger FOR EACH ROW. Every line queued an event for commit,
-- and at commit each event summed all lines of its entry again: an entry of three lines was summed three times.
-- Billing posts one entry per purchase order per transaction, so a transaction charging 2,000 orders queued 6,000
-- events and ran 6,000 queries at commit (docs/benchmarks.md "Billing").
--
-- The rule is stronger, not weaker: an entry balances after every statement, not only at commit. Each writer posts
-- an entry's lines in one statement (the broker's Ledger, billing's JournalWriter and ChargeStore). Because the
-- journal is append-only and every committed entry balanced under V002, checking the lines a statement adds is
-- enough: if each statement's lines sum to zero per entry, so does every entry.
DROP TRIGGER journal_entry_balanced ON journal_line;
DROP FUNCTION journal_entry_is_balanced();

CREATE FUNCTION journal_lines_balance_their_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unbalanced record;
BEGIN
    SELECT entry_id, sum(amount_micros) AS total INTO unbalanced
      FROM new_lines GROUP BY entry_id HAVING sum(amount_micros) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance (sum %): post all of an entry''s lines in one statement',
                unbalanced.entry_id, unbalanced.total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_lines_balance_their_entries AFTER INSERT ON journal_line
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION journal_lines_balance_their_entries();
