package io.xenia.billing.charts;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.persistence.ReadOnlySnapshot;
import io.xenia.billing.reports.ReportRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * The daily series finance's charts show, per UTC day of a range, by when usage was charged ({@code
 * rated_at}, as reports do): revenue (what orders paid) in one currency, and machine-hours.
 */
public final class ChartQueries {
  private static final String REVENUE =
      "SELECT (c.rated_at AT TIME ZONE 'UTC')::date, sum(c.charged_micros)::bigint"
          + " FROM billing.usage_charge c"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2 AND c.currency = $3 GROUP BY 1";
  private static final String MACHINE_SECONDS =
      "SELECT (c.rated_at AT TIME ZONE 'UTC')::date, sum(l.measured)::bigint"
          + " FROM billing.usage_charge c JOIN billing.usage_charge_line l USING (session_id, sequence)"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2 AND l.component = 'machine-hour'"
          + " GROUP BY 1";

  private static final String CURRENCIES =
      "SELECT DISTINCT c.currency FROM billing.usage_charge c"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2 ORDER BY 1";

  private final Pool pool;

  public ChartQueries(Pool pool) {
    this.pool = requireNonNull(pool, "pool is null");
  }

  /** The currencies charged in the range, in code order. */
  public java.util.List<Currency> currencies(ReportRange range) {
    Tuple p = Tuple.of(range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC));
    return ReadOnlySnapshot.read(
        pool, s -> s.rows(CURRENCIES, p, r -> Currency.getInstance(r.getString(0).trim())));
  }

  public DailySeries dailyRevenue(ReportRange range, Currency currency) {
    Tuple p =
        Tuple.of(
            range.from().atOffset(ZoneOffset.UTC),
            range.to().atOffset(ZoneOffset.UTC),
            currency.getCurrencyCode());
    Map<LocalDate, BigDecimal> values = new HashMap<>();
    ReadOnlySnapshot.read(
        pool,
        s -> {
          s.forEach(
              REVENUE, p, r -> values.put(r.getLocalDate(0), BigDecimal.valueOf(r.getLong(1), 6)));
          return null;
        });
    return filled(
        "Daily revenue " + range.from() + " to " + range.to(),
        currency.getCurrencyCode(),
        range,
        values);
  }

  public DailySeries dailyMachineHours(ReportRange range) {
    Tuple p = Tuple.of(range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC));
    Map<LocalDate, BigDecimal> values = new HashMap<>();
    ReadOnlySnapshot.read(
        pool,
        s -> {
          s.forEach(
              MACHINE_SECONDS,
              p,
              r ->
                  values.put(
                      r.getLocalDate(0),
                      BigDecimal.valueOf(r.getLong(1))
                          .divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN)));
          return null;
        });
    return filled(
        "Daily usage " + range.from() + " to " + range.to(), "machine-hours", range, values);
  }

  private static DailySeries filled(
      String title, String unit, ReportRange range, Map<LocalDate, BigDecimal> values) {
    LocalDate first = range.from().atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate last = range.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
    Map<LocalDate, BigDecimal> stripped = new HashMap<>();
    values.forEach((d, v) -> stripped.put(d, v.stripTrailingZeros()));
    return DailySeries.filled(title, unit, first, last, stripped);
  }
}
