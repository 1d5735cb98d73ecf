package io.xenia.billing.charts;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One value per UTC day, every day of a range present (a day without data is zero), with what the
 * values are. Values are exact decimals: pixels are computed from them, labels print them as they
 * are.
 *
 * @param unit what a value counts, for the axis and each bar's tooltip ({@code EUR}, {@code
 *     machine-hours})
 */
public record DailySeries(String title, String unit, List<Day> days) {
  public DailySeries {
    requireNonNull(title, "title is null");
    requireNonNull(unit, "unit is null");
    days = List.copyOf(days);
    for (Day d : days) {
      if (d.value().signum() < 0) {
        throw new IllegalArgumentException("a daily chart shows amounts of zero or more: " + d);
      }
    }
  }

  /** One day's value. */
  public record Day(LocalDate day, BigDecimal value) {
    public Day {
      requireNonNull(day, "day is null");
      requireNonNull(value, "value is null");
    }
  }

  /** Every day from {@code first} to {@code last} inclusive, zero where {@code values} has none. */
  public static DailySeries filled(
      String title,
      String unit,
      LocalDate first,
      LocalDate last,
      Map<LocalDate, BigDecimal> values) {
    List<Day> days = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(new Day(d, values.getOrDefault(d, BigDecimal.ZERO)));
    }
    return new DailySeries(title, unit, days);
  }

  public BigDecimal max() {
    BigDecimal max = BigDecimal.ZERO;
    for (Day d : days) {
      max = max.max(d.value());
    }
    return max;
  }
}
