package io.xenia.billing.journal;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.api.Ids;
import io.xenia.billing.persistence.BulkInsert;
import io.xenia.billing.persistence.Query;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Billing's appends to the broker's ledger (docs/billing.md, the contract), inside the caller's
 * transaction: locks ledger accounts and posts balanced journal entries. Balances are never
 * written: the broker's trigger derives them from the lines, its CHECK keeps each above its floor,
 * and its trigger refuses a statement whose lines leave an entry unbalanced — for billing's entries
 * as for the broker's.
 *
 * <p>Lock order (the broker's Ledger): purchase order rows, customer available, ring-fenced,
 * host-payable, platform revenue, external. Callers lock in that order.
 */
public final class JournalWriter {
  /** The books of public.ledger_account (the broker's Book wire names). */
  public static final String CUSTOMER_AVAILABLE = "customer-available";

  public static final String HOST_PAYABLE = "host-payable";
  public static final String PLATFORM_REVENUE = "platform-revenue";
  public static final String EXTERNAL = "external";

  private JournalWriter() {}

  /**
   * Locks the ledger account of ({@code book}, {@code owner}, no purchase order, {@code currency})
   * for the rest of the transaction, creating it with {@code floorIfNew} (null: no floor) when it
   * does not exist.
   */
  public static LedgerAccount lock(
      SqlClient c, String book, UUID owner, String currency, Long floorIfNew) {
    Query.run(
        c,
        "INSERT INTO public.ledger_account (id, book, owner_account_id, purchase_order_id,"
            + " currency, floor_micros) VALUES ($1, $2, $3::uuid, NULL, $4, $5::bigint)"
            + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING",
        Ids.newId(),
        book,
        owner,
        currency,
        floorIfNew);
    String sql =
        "SELECT id, balance_micros, floor_micros FROM public.ledger_account WHERE book = $1"
            + " AND currency = $2 AND purchase_order_id IS NULL AND owner_account_id "
            + (owner == null ? "IS NULL AND $3::uuid IS NULL" : "= $3")
            + " FOR UPDATE";
    Row row = Query.run(c, sql, book, currency, owner).iterator().next();
    return new LedgerAccount(
        row.getUUID("id"), row.getLong("balance_micros"), row.getLong("floor_micros"));
  }

  /**
   * Appends one entry with its lines ({@code ledger account id → signed micro-units}, summing to
   * zero) and returns its id.
   */
  public static UUID post(
      SqlClient c,
      String kind,
      String currency,
      UUID account,
      String reference,
      UUID createdBy,
      Instant at,
      Map<UUID, Long> lines) {
    long sum = lines.values().stream().mapToLong(Long::longValue).sum();
    if (sum != 0 || lines.values().stream().anyMatch(v -> v == 0)) {
      throw new IllegalArgumentException("an entry balances and has no zero line: " + lines);
    }
    UUID id = Ids.newId();
    insertEntries(
        c,
        List.of(
            Tuple.of(
                id,
                kind,
                currency,
                account,
                null,
                reference,
                createdBy,
                at.atOffset(ZoneOffset.UTC))));
    List<Tuple> rows = new ArrayList<>();
    lines.forEach(
        (ledgerAccount, micros) -> rows.add(Tuple.of(Ids.newId(), id, ledgerAccount, micros)));
    insertLines(c, rows);
    return id;
  }

  /**
   * Inserts journal entries in one statement; each row is (id, kind, currency, account_id,
   * purchase_order_id, reference, created_by, created_at as an OffsetDateTime).
   */
  public static void insertEntries(SqlClient c, List<Tuple> entries) {
    BulkInsert.into(
        c,
        "public.journal_entry",
        List.of(
            "id",
            "kind",
            "currency",
            "account_id",
            "purchase_order_id",
            "reference",
            "created_by",
            "created_at"),
        List.of("uuid", "text", "text", "uuid", "uuid", "text", "uuid", "timestamptz"),
        entries);
  }

  /**
   * Inserts journal lines in one statement; each row is (id, entry_id, ledger_account_id,
   * amount_micros). An entry's lines must all be in one call: the broker's ledger refuses a
   * statement that leaves an entry unbalanced (broker V017).
   */
  public static void insertLines(SqlClient c, List<Tuple> lines) {
    BulkInsert.into(
        c,
        "public.journal_line",
        List.of("id", "entry_id", "ledger_account_id", "amount_micros"),
        List.of("uuid", "uuid", "uuid", "bigint"),
        lines);
  }
}
