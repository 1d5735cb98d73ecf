package io.xenia.billing.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws with Java2D on an off-screen image and encodes it as PNG with the JDK's ImageIO: no display
 * needed (headless). Needs a font (fontconfig and a font package on Linux). Not thread-safe; one
 * per image.
 */
final class PngCanvas implements Canvas {
  private final BufferedImage image;
  private final Graphics2D g;

  PngCanvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setStroke(new BasicStroke(1f));
  }

  @Override
  public void rect(double x, double y, double width, double height, String fill) {
    g.setColor(Color.decode(fill));
    g.fill(new Rectangle2D.Double(x, y, width, height));
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
    rect(x, y, width, height, fill);
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String stroke) {
    g.setColor(Color.decode(stroke));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  @Override
  public void text(double x, double y, String text, Anchor anchor, int size) {
    g.setColor(Color.decode("#333333"));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    FontMetrics m = g.getFontMetrics();
    double width = m.stringWidth(text);
    double left =
        switch (anchor) {
          case START -> x;
          case MIDDLE -> x - width / 2;
          case END -> x - width;
        };
    g.drawString(text, (float) left, (float) y);
  }

  byte[] finish() {
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("this JDK has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG in memory", e);
    }
    return out.toByteArray();
  }
}
