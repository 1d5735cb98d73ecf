-- Balances move once per account per INSERT statement on journal_line, instead of once per line.
--
-- Why: billing writes all journal lines of a charging transaction in one statement, one entry per purchase order.
-- With a trigger per line, an account credited by every entry (the platform's revenue, a busy operator's payable)
-- was updated once per entry, each update one more version of the same row for PostgreSQL to walk past in that
-- transaction: the cost grew with the square of the orders in it (docs/benchmarks.md "Billing").
--
-- Nothing else changes. A balance is still the sum of its account's lines, moved in the inserting statement; the
-- floor CHECK still holds after every statement; the broker, which inserts one line per statement, sees the same
-- effect as before. Each entry still balances at commit (journal_entry_balanced, unchanged).
DROP TRIGGER journal_line_moves_balance ON journal_line;
DROP FUNCTION journal_line_moves_balance();

CREATE FUNCTION journal_lines_move_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_account a
       SET balance_micros = a.balance_micros + moved.amount
      FROM (SELECT ledger_account_id, sum(amount_micros) AS amount
              FROM new_lines GROUP BY ledger_account_id) moved
     WHERE a.id = moved.ledger_account_id;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_lines_move_balances AFTER INSERT ON journal_line
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION journal_lines_move_balances();
