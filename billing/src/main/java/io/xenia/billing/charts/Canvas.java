package io.xenia.billing.charts;

/**
 * What a chart is drawn on: an SVG document or a PNG image. Coordinates in pixels from the top
 * left. Colours are {@code #rrggbb}.
 */
interface Canvas {
  /** Where a text's x coordinate is. */
  enum Anchor {
    START,
    MIDDLE,
    END
  }

  void rect(double x, double y, double width, double height, String fill);

  /**
   * A bar that carries its data point: {@code day} and {@code value} as exact strings (SVG keeps
   * them as attributes and a tooltip; a PNG only draws it).
   */
  void bar(
      double x,
      double y,
      double width,
      double height,
      String fill,
      String day,
      String value,
      String tooltip);

  void line(double x1, double y1, double x2, double y2, String stroke);

  void text(double x, double y, String text, Anchor anchor, int size);
}
