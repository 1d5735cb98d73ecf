package io.xenia.billing.charts;

import java.util.Locale;

/**
 * Writes SVG 1.1 as text. Each bar is a {@code <rect class="bar">} with {@code data-day} and {@code
 * data-value} attributes and a {@code <title>} tooltip, so the data points can be read back from
 * the picture. Not thread-safe; one per document.
 */
final class SvgCanvas implements Canvas {
  private final StringBuilder out = new StringBuilder();

  SvgCanvas(int width, int height, String title) {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n");
  }

  @Override
  public void rect(double x, double y, double width, double height, String fill) {
    out.append("<rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(width))
        .append("\" height=\"")
        .append(n(height))
        .append("\" fill=\"")
        .append(fill)
        .append("\"/>\n");
  }

  @Override
  public void bar(
      double x,
      double y,
      double width,
      double height,
      String fill,
      String day,
      String value,
      String tooltip) {
    out.append("<rect class=\"bar\" data-day=\"")
        .append(escape(day))
        .append("\" data-value=\"")
        .append(escape(value))
        .append("\" x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(width))
        .append("\" height=\"")
        .append(n(height))
        .append("\" fill=\"")
        .append(fill)
        .append("\"><title>")
        .append(escape(tooltip))
        .append("</title></rect>\n");
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String stroke) {
    out.append("<line x1=\"")
        .append(n(x1))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x2))
        .append("\" y2=\"")
        .append(n(y2))
        .append("\" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"1\"/>\n");
  }

  @Override
  public void text(double x, double y, String text, Anchor anchor, int size) {
    out.append("<text x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" font-size=\"")
        .append(size)
        .append("\" text-anchor=\"")
        .append(anchor.name().toLowerCase(Locale.ROOT))
        .append("\">")
        .append(escape(text))
        .append("</text>\n");
  }

  String finish() {
    return out.append("</svg>\n").toString();
  }

  /** Coordinates with two decimals at most, always with a dot. */
  private static String n(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          // XML 1.0 forbids most control characters, even escaped: drop them.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
