package io.xenia.billing.periods;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.xenia.billing.persistence.Query;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads {@code billing.period} and what a close made of it. */
public final class PeriodRows {
  private PeriodRows() {}

  /** A period row: its bounds, and when and by whom it was closed (both null while open). */
  public record Stored(BillingPeriod period, Instant closedAt, UUID closedBy) {
    public boolean closed() {
      return closedAt != null;
    }
  }

  private static final String COLUMNS = "id, starts_at, ends_at, closed_at, closed_by";

  public static Optional<Stored> find(SqlClient c, String id) {
    return Query.list(
            c, "SELECT " + COLUMNS + " FROM billing.period WHERE id = $1", PeriodRows::stored, id)
        .stream()
        .findFirst();
  }

  /** Periods after {@code after} (by id: chronological within a calendar), at most {@code n}. */
  public static List<Stored> page(SqlClient c, String after, int n) {
    return Query.list(
        c,
        "SELECT " + COLUMNS + " FROM billing.period WHERE id > $1 ORDER BY id LIMIT $2",
        PeriodRows::stored,
        after,
        n);
  }

  /** The period as closed, with its totals; empty when it is not closed. */
  public static Optional<ClosedPeriod> closed(SqlClient c, String id) {
    Optional<Stored> stored = find(c, id).filter(Stored::closed);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    List<CurrencyTotals> totals =
        Query.list(
            c,
            "SELECT currency, records, rated_micros, charged_micros, fee_micros,"
                + " host_payable_micros, uncharged_micros FROM billing.period_revenue"
                + " WHERE period_id = $1 ORDER BY currency",
            row ->
                new CurrencyTotals(
                    row.getString("currency").trim(),
                    row.getLong("records"),
                    row.getLong("rated_micros"),
                    row.getLong("charged_micros"),
                    row.getLong("fee_micros"),
                    row.getLong("host_payable_micros"),
                    row.getLong("uncharged_micros")),
            id);
    Row counts =
        Query.run(
                c,
                "SELECT (SELECT count(*) FROM billing.invoice WHERE period_id = $1) AS invoices,"
                    + " (SELECT count(*) FROM billing.payout_statement WHERE period_id = $1)"
                    + " AS statements",
                id)
            .iterator()
            .next();
    Stored s = stored.get();
    return Optional.of(
        new ClosedPeriod(
            id,
            s.period().start(),
            s.period().end(),
            s.closedAt(),
            s.closedBy(),
            totals,
            (int) (long) counts.getLong("invoices"),
            (int) (long) counts.getLong("statements")));
  }

  private static Stored stored(Row row) {
    return new Stored(
        new BillingPeriod(
            row.getString("id"), Query.instant(row, "starts_at"), Query.instant(row, "ends_at")),
        Query.instant(row, "closed_at"),
        row.getUUID("closed_by"));
  }
}
