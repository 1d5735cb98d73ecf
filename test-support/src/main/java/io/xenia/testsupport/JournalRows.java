package io.xenia.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a journal entry's lines the way the broker and billing do: all in one statement. The
 * ledger refuses a statement whose lines leave an entry unbalanced (broker V017), so fixtures that
 * write ledger rows directly go through here.
 */
public final class JournalLines {
  private JournalLines() {}

  /**
   * Inserts {@code lines} (ledger account id → signed micro-units) of {@code entry} in one
   * statement, on the caller's connection and transaction.
   */
  public static void post(Connection c, UUID entry, Map<UUID, Long> lines) throws SQLException {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an entry has lines");
    }
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO public.journal_line (id, entry_id, ledger_account_id, amount_micros)"
                + " VALUES ");
    sql.append(String.join(", ", java.util.Collections.nCopies(lines.size(), "(?, ?, ?, ?)")));
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 0;
      for (var line : lines.entrySet()) {
        s.setObject(++i, UUID.randomUUID());
        s.setObject(++i, entry);
        s.setObject(++i, line.getKey());
        s.setLong(++i, line.getValue());
      }
      s.executeUpdate();
    }
  }
}
