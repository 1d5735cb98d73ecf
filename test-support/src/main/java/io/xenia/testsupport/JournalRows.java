package io.xenia.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

/**
 * Writes journal entries the way the broker and billing do, for fixtures that set up ledger rows
 * directly: the entry's row, then all its lines in one statement. The ledger refuses a statement
 * whose lines leave an entry unbalanced (broker V017), so lines written one by one would fail.
 * Everything runs on the caller's connection, in its transaction.
 */
public final class JournalRows {
  private JournalRows() {}

  /**
   * Appends an entry made at {@code createdAt} with {@code lines} (ledger account id → signed
   * micro-units; none: the entry's row only) and returns its id. {@code account}, {@code order} and
   * {@code reference} may be null.
   */
  public static UUID entry(
      Connection c,
      String kind,
      String currency,
      UUID account,
      UUID order,
      String reference,
      UUID createdBy,
      Instant createdAt,
      Map<UUID, Long> lines)
      throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO public.journal_entry (id, kind, currency, account_id, purchase_order_id,"
                + " reference, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setObject(1, id);
      s.setString(2, kind);
      s.setString(3, currency);
      s.setObject(4, account);
      s.setObject(5, order);
      s.setString(6, reference);
      s.setObject(7, createdBy);
      s.setObject(8, createdAt.atOffset(ZoneOffset.UTC));
      s.executeUpdate();
    }
    if (!lines.isEmpty()) {
      lines(c, id, lines);
    }
    return id;
  }

  /** Inserts {@code lines} of {@code entry} in one statement. */
  public static void lines(Connection c, UUID entry, Map<UUID, Long> lines) throws SQLException {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("no lines for entry " + entry);
    }
    String sql =
        "INSERT INTO public.journal_line (id, entry_id, ledger_account_id, amount_micros) VALUES "
            + String.join(", ", Collections.nCopies(lines.size(), "(?, ?, ?, ?)"));
    try (PreparedStatement s = c.prepareStatement(sql)) {
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
