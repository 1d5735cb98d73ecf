package io.xenia.billing.charts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Lays out a {@link DailySeries} as a bar chart (one bar per day, a y axis from zero to a round
 * maximum with five gridlines, a date under every few bars) and draws it on a {@link Canvas}. The
 * same layout makes the SVG and the PNG, so they always show the same picture.
 */
final class BarChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 360;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final int TICKS = 5;
  private static final String BAR = "#3b6ea5";
  private static final String GRID = "#dddddd";
  private static final String AXIS = "#333333";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

  private BarChart() {}

  static void draw(DailySeries series, Canvas canvas) {
    canvas.rect(0, 0, WIDTH, HEIGHT, "#ffffff");
    canvas.text(WIDTH / 2.0, 24, series.title(), Canvas.Anchor.MIDDLE, 16);
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    BigDecimal top = niceMax(series.max());
    BigDecimal step = top.divide(BigDecimal.valueOf(TICKS), 12, RoundingMode.HALF_EVEN);
    for (int i = 0; i <= TICKS; i++) {
      BigDecimal tick = step.multiply(BigDecimal.valueOf(i)).stripTrailingZeros();
      double y = TOP + plotHeight - plotHeight * i / TICKS;
      canvas.line(LEFT, y, LEFT + plotWidth, y, i == 0 ? AXIS : GRID);
      canvas.text(LEFT - 6, y + 4, tick.toPlainString(), Canvas.Anchor.END, 11);
    }
    canvas.text(14, TOP - 10, series.unit(), Canvas.Anchor.START, 11);
    List<DailySeries.Day> days = series.days();
    if (days.isEmpty()) {
      return;
    }
    double slot = plotWidth / days.size();
    double barWidth = Math.max(1, slot * 0.8);
    int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 15.0));
    for (int i = 0; i < days.size(); i++) {
      DailySeries.Day d = days.get(i);
      double h = plotHeight * d.value().doubleValue() / top.doubleValue();
      double x = LEFT + slot * i + (slot - barWidth) / 2;
      String value = d.value().stripTrailingZeros().toPlainString();
      canvas.bar(
          x,
          TOP + plotHeight - h,
          barWidth,
          h,
          BAR,
          d.day().toString(),
          value,
          d.day() + ": " + value + " " + series.unit());
      if (i % labelEvery == 0) {
        canvas.text(
            x + barWidth / 2, HEIGHT - BOTTOM + 16, DAY.format(d.day()), Canvas.Anchor.MIDDLE, 10);
      }
    }
  }

  /** The smallest of 1, 2, 2.5, 5 × 10^k at or above {@code max} (1 for an empty chart). */
  static BigDecimal niceMax(BigDecimal max) {
    if (max.signum() <= 0) {
      return BigDecimal.ONE;
    }
    BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(max.precision() - max.scale() - 1);
    for (String m : new String[] {"1", "2", "2.5", "5", "10"}) {
      BigDecimal candidate = power.multiply(new BigDecimal(m));
      if (candidate.compareTo(max) >= 0) {
        return candidate.stripTrailingZeros();
      }
    }
    throw new IllegalStateException("unreachable: 10 × 10^k exceeds " + max);
  }
}
