package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
public final class ReportPublisher {
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

  /**
   * Stores the closed period's report for publication.
   *
   * @return whether it was stored now (false: it already was)
   */
  public boolean periodClosed(ClosedPeriod period) {
    FinanceReport report = reports.report(period.range(), top);
    byte[] payload = payload(period, report);
    var stored =
        Sql.await(
            pool.preparedQuery(STORE)
                .execute(
                    Tuple.of(
                        period.periodId(),
                        period.start().atOffset(ZoneOffset.UTC),
                        period.end().atOffset(ZoneOffset.UTC),
                        io.vertx.core.buffer.Buffer.buffer(payload),
                        clock.instant().atOffset(ZoneOffset.UTC))));
    return stored.rowCount() == 1;
  }

  /**
   * The record's value: {@code {"schema": "billing.reports.v1", "periodId": ..., "report": ...}}.
   */
  byte[] payload(ClosedPeriod period, FinanceReport report) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schema", "billing.reports.v1");
    document.put("periodId", period.periodId());
    document.put("report", ReportJson.tree(report));
    try {
      return json.write(document);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of period " + period.periodId(), e);
    }
  }
}
