package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.access.Caller;
import io.xenia.billing.access.Scopes;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.charts.ChartQueries;
import io.xenia.billing.charts.Charts;
import io.xenia.billing.charts.DailySeries;
import io.xenia.billing.exports.FocusExport;
import io.xenia.billing.exports.FocusQueries;
import io.xenia.billing.persistence.Sql;
import io.xenia.billing.reconciliation.ReconciliationQueries;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the reports API serves, after the access rule (finance or admin, {@code ledger:read}) and
 * the range (a billing period's, or {@code from}/{@code to}): reports as JSON trees, CSV sections,
 * the FOCUS export, SVG and PNG charts, reconciliation.
 */
@Singleton
public final class ReportService {
  /** The path segment that stands for "the range given by {@code from} and {@code to}". */
  static final String RANGE = "range";

  private static final Pattern PERIOD_ID = Pattern.compile("[0-9]{4}-[0-9]{2}(-[0-9]{2})?");
  private static final String CSV = "text/csv; charset=utf-8";

  private final Pool pool;
  private final ReportQueries reports;
  private final FocusQueries focus;
  private final FocusExport focusExport;
  private final ChartQueries charts;
  private final ReconciliationQueries reconciliation;
  private final ReportsConfig config;

  ReportService(
      Pool pool,
      ReportQueries reports,
      FocusQueries focus,
      FocusExport focusExport,
      ChartQueries charts,
      ReconciliationQueries reconciliation,
      ReportsConfig config) {
    this.pool = requireNonNull(pool, "pool is null");
    this.reports = reports;
    this.focus = focus;
    this.focusExport = focusExport;
    this.charts = charts;
    this.reconciliation = reconciliation;
    this.config = config;
  }

  /** A file of the reports API: its bytes or text, its media type, a download name (or null). */
  public record File(Object body, String contentType, String fileName) {}

  public Object report(Caller caller, String periodId, String from, String to) {
    caller.requireStaff(Scopes.LEDGER_READ);
    return ReportJson.tree(reports.report(range(periodId, from, to), config.top()));
  }

  public File file(
      Caller caller, String periodId, String file, String from, String to, String currency) {
    caller.requireStaff(Scopes.LEDGER_READ);
    ReportRange range = range(periodId, from, to);
    String base = RANGE.equals(periodId) ? "report" : periodId;
    switch (file) {
      case "focus.csv" -> {
        return new File(focusCsv(range), CSV, base + "-focus.csv");
      }
      case "daily-revenue.svg", "daily-revenue.png" -> {
        DailySeries s = charts.dailyRevenue(range, currency(range, currency));
        return chart(s, file);
      }
      case "daily-usage.svg", "daily-usage.png" -> {
        return chart(charts.dailyMachineHours(range), file);
      }
      case "reconciliation" -> {
        return new File(ReportJson.tree(reconciliation.reconcile(range)), "application/json", null);
      }
      default -> {
        if (file.endsWith(".csv")) {
          Optional<ReportSection> section =
              ReportSection.fromSlug(file.substring(0, file.length() - ".csv".length()));
          if (section.isPresent()) {
            String csv = ReportCsv.of(reports.report(range, config.top()), section.get());
            return new File(csv, CSV, base + "-" + file);
          }
        }
        throw BillingException.notFound("report file " + file);
      }
    }
  }

  /**
   * The FOCUS export, one row per charged component: a month can be millions of rows, so it is
   * written from a database cursor to a temporary file (never held in memory) and sent from there.
   * The file is unlinked as soon as it is open: the open stream keeps its data until the response
   * is sent, and nothing is left behind if the process dies.
   */
  private StreamedFile focusCsv(ReportRange range) {
    try {
      Path file = Files.createTempFile("xenia-focus-", ".csv");
      try {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          focusExport.write(
              out, range.from(), range.to(), each -> focus.forEach(range.from(), range.to(), each));
        }
        InputStream in = Files.newInputStream(file);
        return new StreamedFile(in, MediaType.of(CSV));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the FOCUS export", e);
    }
  }

  private static File chart(DailySeries series, String file) {
    if (file.endsWith(".svg")) {
      return new File(Charts.svg(series).getBytes(StandardCharsets.UTF_8), "image/svg+xml", null);
    }
    return new File(Charts.png(series), "image/png", null);
  }

  /** The currency asked for, else the first one charged in the range (EUR when none was). */
  private Currency currency(ReportRange range, String asked) {
    if (asked != null) {
      try {
        return Currency.getInstance(asked);
      } catch (IllegalArgumentException e) {
        throw BillingException.invalidField("currency", "not an ISO 4217 currency code: " + asked);
      }
    }
    return charts.currencies(range).stream().findFirst().orElse(Currency.getInstance("EUR"));
  }

  private ReportRange range(String periodId, String from, String to) {
    if (RANGE.equals(periodId)) {
      Instant start = instant("from", from);
      Instant end = instant("to", to);
      try {
        return new ReportRange(start, end);
      } catch (IllegalArgumentException e) {
        throw BillingException.invalidField("to", e.getMessage());
      }
    }
    if (from != null || to != null) {
      throw BillingException.invalidField(
          "from", "a period's report has the period's range: from and to are for /range");
    }
    if (!PERIOD_ID.matcher(periodId).matches()) {
      throw BillingException.notFound("billing period " + periodId);
    }
    RowSet<Row> rows =
        Sql.await(
            pool.preparedQuery("SELECT starts_at, ends_at FROM billing.period WHERE id = $1")
                .execute(Tuple.of(periodId)));
    if (rows.size() == 0) {
      throw BillingException.notFound("billing period " + periodId);
    }
    Row row = rows.iterator().next();
    return new ReportRange(
        row.getOffsetDateTime(0).toInstant(), row.getOffsetDateTime(1).toInstant());
  }

  private static Instant instant(String field, String value) {
    if (value == null) {
      throw BillingException.invalidField(
          field, "required: an ISO-8601 instant such as 2026-11-01T00:00:00Z");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw BillingException.invalidField(
          field, "not an ISO-8601 instant such as 2026-11-01T00:00:00Z: " + value);
    }
  }
}
