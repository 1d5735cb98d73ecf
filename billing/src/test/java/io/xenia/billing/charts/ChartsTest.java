package io.xenia.billing.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.testsupport.DebianPackages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ChartsTest {
  static final LocalDate NOV1 = LocalDate.parse("2026-11-01");

  static DailySeries november() {
    Map<LocalDate, BigDecimal> v = new LinkedHashMap<>();
    v.put(LocalDate.parse("2026-11-03"), new BigDecimal("2.2"));
    v.put(LocalDate.parse("2026-11-04"), new BigDecimal("2"));
    v.put(LocalDate.parse("2026-11-30"), new BigDecimal("5"));
    return DailySeries.filled(
        "Daily revenue <November> & co", "EUR", NOV1, LocalDate.parse("2026-11-30"), v);
  }

  /** Parses as namespace-aware XML with external entities off, returns the bars. */
  static Map<String, String> bars(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
    NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
    Map<String, String> bars = new LinkedHashMap<>();
    for (int i = 0; i < rects.getLength(); i++) {
      Element r = (Element) rects.item(i);
      if ("bar".equals(r.getAttribute("class"))) {
        bars.put(r.getAttribute("data-day"), r.getAttribute("data-value"));
      }
    }
    return bars;
  }

  @Test
  void svgParsesAsXmlAndCarriesEveryDay() throws Exception {
    String svg = Charts.svg(november());
    Map<String, String> bars = bars(svg);
    assertEquals(30, bars.size());
    assertEquals("2.2", bars.get("2026-11-03"));
    assertEquals("2", bars.get("2026-11-04"));
    assertEquals("5", bars.get("2026-11-30"));
    assertEquals("0", bars.get("2026-11-01"));
    assertTrue(svg.contains("<title>2026-11-30: 5 EUR</title>"), svg);
    assertTrue(svg.contains("Daily revenue &lt;November&gt; &amp; co"), svg);
  }

  @Test
  void axisTopIsARoundNumberAtOrAboveTheLargestDay() {
    assertEquals(new BigDecimal("5"), BarChart.niceMax(new BigDecimal("5")));
    assertEquals(new BigDecimal("1E+1"), BarChart.niceMax(new BigDecimal("7.5")));
    assertEquals(new BigDecimal("0.5"), BarChart.niceMax(new BigDecimal("0.325")));
    assertEquals(new BigDecimal("2.5E+3"), BarChart.niceMax(new BigDecimal("2001")));
    assertEquals(BigDecimal.ONE, BarChart.niceMax(BigDecimal.ZERO));
  }

  @Test
  void pngDecodesAndShowsTheTallestBarUpToTheTop() throws Exception {
    Optional<String> missing = DebianPackages.ensure("fontconfig", "fonts-dejavu-core");
    if (missing.isPresent()) {
      if (DebianPackages.underCi()) {
        throw new AssertionError(missing.get());
      }
      System.err.println("SKIPPED: " + missing.get());
      Assumptions.abort(missing.get());
    }
    byte[] png = Charts.png(november());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(BarChart.WIDTH, image.getWidth());
    assertEquals(BarChart.HEIGHT, image.getHeight());
    // The Nov 30 bar (the last slot) reaches the top gridline; its middle is bar blue.
    int x = BarChart.WIDTH - 20 - 14;
    assertEquals(0x3b6ea5, image.getRGB(x, 100) & 0xffffff);
    assertEquals(0xffffff, image.getRGB(x, 30) & 0xffffff);
  }
}
