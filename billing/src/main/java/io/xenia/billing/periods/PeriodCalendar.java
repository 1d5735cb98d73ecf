package io.xenia.billing.periods;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Cuts time into billing periods, in UTC: calendar months ({@code P1M}, the default) or runs of
 * {@code n} days ({@code PnD}, counted from 1970-01-01, so {@code P1D} is calendar days). Pure and
 * immutable.
 */
public final class PeriodCalendar {
  private final boolean monthly;
  private final int days;

  private PeriodCalendar(boolean monthly, int days) {
    this.monthly = monthly;
    this.days = days;
  }

  /**
   * {@code P1M} or {@code PnD} (n ≥ 1), as in {@code xenia.billing.period}.
   *
   * @throws IllegalArgumentException for anything else, with the reason
   */
  public static PeriodCalendar parse(String spec) {
    Period p;
    try {
      p = Period.parse(spec);
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException(
          "xenia.billing.period must be P1M (calendar months) or PnD (n days), not " + spec);
    }
    if (p.getYears() == 0 && p.getMonths() == 1 && p.getDays() == 0) {
      return new PeriodCalendar(true, 0);
    }
    if (p.toTotalMonths() == 0 && p.getDays() >= 1) {
      return new PeriodCalendar(false, p.getDays());
    }
    throw new IllegalArgumentException(
        "xenia.billing.period must be P1M (calendar months) or PnD (n days), not " + spec);
  }

  /** The period {@code t} falls in. */
  public BillingPeriod periodOf(Instant t) {
    LocalDate date = LocalDate.ofInstant(t, ZoneOffset.UTC);
    if (monthly) {
      return month(YearMonth.from(date));
    }
    long epochDay = date.toEpochDay();
    return days(LocalDate.ofEpochDay(epochDay - Math.floorMod(epochDay, days)));
  }

  /** The period after {@code p}. */
  public BillingPeriod next(BillingPeriod p) {
    return periodOf(p.end());
  }

  /** The period named {@code id} in this calendar; empty when no period of it has that name. */
  public Optional<BillingPeriod> byId(String id) {
    if (id == null) {
      return Optional.empty();
    }
    try {
      if (monthly) {
        if (!id.matches("[0-9]{4}-[0-9]{2}")) {
          return Optional.empty();
        }
        return Optional.of(month(YearMonth.parse(id)));
      }
      if (!id.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
        return Optional.empty();
      }
      LocalDate start = LocalDate.parse(id);
      if (Math.floorMod(start.toEpochDay(), days) != 0) {
        return Optional.empty();
      }
      return Optional.of(days(start));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static BillingPeriod month(YearMonth m) {
    return new BillingPeriod(
        m.toString(),
        m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private BillingPeriod days(LocalDate start) {
    return new BillingPeriod(
        start.toString(),
        start.atStartOfDay(ZoneOffset.UTC).toInstant(),
        start.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
