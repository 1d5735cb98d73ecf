package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.periods.ClosedPeriod;
import io.xenia.billing.periods.PeriodCloseListener;
import io.xenia.billing.persistence.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a billing period closes, builds its finance report once and stores it for publication
 * ({@code billing.report_publication}); {@link ReportRelay} sends it. Storing is idempotent per
 * period: a second call (a retried close, a restart) keeps the first report, so downstream systems
 * see one report per period whatever happens here.
 */
public final class ReportPublisher implements PeriodCloseListener {
  /** Closed periods without a stored report: a crash between a close and its listener skips it. */
  private static final String MISSED =
      "SELECT p.id, p.starts_at, p.ends_at FROM billing.period p WHERE p.closed_at IS NOT NULL"
          + " AND NOT EXISTS (SELECT 1 FROM billing.report_publication r WHERE r.period_id = p.id)"
          + " ORDER BY p.starts_at, p.id";

  private static final String STORE =
      "INSERT INTO billing.report_publication (period_id, period_start, period_end, payload,"
          + " created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (period_id) DO NOTHING";

  private final Pool pool;
  private final ReportQueries reports;
  private final JsonWriter json;
  private final Clock clock;
  private final int top;

  public ReportPublisher(Pool pool, ReportQueries reports, JsonWriter json, Clock clock, int top) {
    this.pool = requireNonNull(pool, "pool is null");
    this.reports = requireNonNull(reports, "reports is null");
    this.json = requireNonNull(json, "json is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.top = top;
  }

  /**
   * Writes a JSON tree (maps, lists, strings, numbers) as UTF-8: Micronaut's mapper in the service.
   */
  @FunctionalInterface
  public interface JsonWriter {
    byte[] write(Object tree) throws IOException;
  }

  /** Called after a period's close committed (the invoices part's {@code PeriodCloser}). */
  @Override
  public void periodClosed(ClosedPeriod period) {
    store(period.id(), new ReportRange(period.start(), period.end()));
  }

  /**
   * Stores the reports of closed periods that have none (on start: a crash between a close's commit
   * and its listener skips the call, see {@link PeriodCloseListener}).
   *
   * @return how many were stored
   */
  public int catchUp() {
    int stored = 0;
    for (Row r : Sql.await(pool.query(MISSED).execute())) {
      ReportRange range =
          new ReportRange(r.getOffsetDateTime(1).toInstant(), r.getOffsetDateTime(2).toInstant());
      if (store(r.getString(0), range)) {
        stored++;
      }
    }
    return stored;
  }

  /**
   * Stores a period's report for publication.
   *
   * @return whether it was stored now (false: it already was)
   */
  public boolean store(String periodId, ReportRange range) {
    FinanceReport report = reports.report(range, top);
    byte[] payload = payload(periodId, report);
    var stored =
        Sql.await(
            pool.preparedQuery(STORE)
                .execute(
                    Tuple.of(
                        periodId,
                        range.from().atOffset(ZoneOffset.UTC),
                        range.to().atOffset(ZoneOffset.UTC),
                        io.vertx.core.buffer.Buffer.buffer(payload),
                        clock.instant().atOffset(ZoneOffset.UTC))));
    return stored.rowCount() == 1;
  }

  /**
   * The record's value: {@code {"schema": "billing.reports.v1", "periodId": ..., "report": ...}}.
   */
  byte[] payload(String periodId, FinanceReport report) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schema", "billing.reports.v1");
    document.put("periodId", periodId);
    document.put("report", ReportJson.tree(report));
    try {
      return json.write(document);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of period " + periodId, e);
    }
  }
}
