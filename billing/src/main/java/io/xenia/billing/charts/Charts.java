package io.xenia.billing.charts;

/** Renders a {@link DailySeries} as an SVG document or a PNG image (the same picture). Pure. */
public final class Charts {
  private Charts() {}

  public static String svg(DailySeries series) {
    SvgCanvas canvas = new SvgCanvas(BarChart.WIDTH, BarChart.HEIGHT, series.title());
    BarChart.draw(series, canvas);
    return canvas.finish();
  }

  public static byte[] png(DailySeries series) {
    PngCanvas canvas = new PngCanvas(BarChart.WIDTH, BarChart.HEIGHT);
    BarChart.draw(series, canvas);
    return canvas.finish();
  }
}
