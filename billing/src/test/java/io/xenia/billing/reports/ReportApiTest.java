package io.xenia.billing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.xenia.billing.reports.ReportFixture.ChargeSpec;
import io.xenia.testsupport.DebianPackages;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/**
 * The reports API over real HTTP with the broker's API keys: finance reads a period's report, its
 * CSV sections, the FOCUS export, charts and reconciliation; a customer may not; bad input is a 4xx
 * problem.
 */
class ReportApiTest {
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  static ReportFixture db;
  static EmbeddedServer server;
  static String finance;
  static String customer;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    db = ReportFixture.create("report_api");
    UUID acme = db.account("customer", "Acme");
    UUID hostco = db.account("host-operator", "Hostco");
    UUID h1 = db.host(hostco, "h1");
    UUID order = db.order(acme, "EUR", 100_000_000);
    db.charge(
        new ChargeSpec(acme, order, h1, hostco, Instant.parse("2026-11-05T10:00:00Z"))
            .region("eu-west")
            .fee(500)
            .machine(3600, 2_000_000));
    db.charge(
        new ChargeSpec(acme, order, h1, hostco, Instant.parse("2026-10-20T10:00:00Z"))
            .fee(500)
            .machine(7200, 2_000_000));
    db.update(
        "INSERT INTO billing.period (id, starts_at, ends_at) VALUES ('2026-10', ?, ?)",
        Instant.parse("2026-10-01T00:00:00Z").atOffset(ZoneOffset.UTC),
        NOV.atOffset(ZoneOffset.UTC));
    db.update(
        "INSERT INTO billing.period (id, starts_at, ends_at) VALUES ('2026-11', ?, ?)",
        NOV.atOffset(ZoneOffset.UTC),
        DEC.atOffset(ZoneOffset.UTC));
    finance = db.apiKey(db.account("finance", "Finance"), "funds:read funds:write ledger:read");
    customer = db.apiKey(acme, "orders:read funds:read");
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", 0);
    p.put("micronaut.server.host", "127.0.0.1");
    p.put("xenia.database.url", db.url());
    p.put("xenia.database.user", "postgres");
    p.put("xenia.database.password", "postgres");
    p.put("xenia.billing.consumer-enabled", "false");
    p.put("xenia.billing.reports.publish-enabled", "false");
    server = ApplicationContext.run(EmbeddedServer.class, p);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.getApplicationContext().close();
    }
    db.close();
  }

  static HttpResponse<byte[]> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> post(String path, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.getURL() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  static Map<?, ?> json(HttpResponse<byte[]> r) throws Exception {
    return JSON.readValue(r.body(), Map.class);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void financeReadsAPeriodsReportAndARangesAlike() throws Exception {
    for (String path :
        List.of(
            "/v1/billing/reports/2026-11",
            "/v1/billing/reports/range?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z",
            "/v1/billing/reports?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z")) {
      HttpResponse<byte[]> r = get(path, finance);
      assertEquals(200, r.statusCode(), path + ": " + text(r));
      Map<?, ?> revenue = (Map<?, ?>) ((List<?>) json(r).get("revenue")).get(0);
      assertEquals("2.00", revenue.get("charged"), path);
      assertEquals("0.10", revenue.get("fees"), path);
    }
  }

  @Test
  void closingAPeriodStoresItsReportForPublication() throws Exception {
    HttpResponse<byte[]> closed = post("/v1/billing/periods/2026-10/close", finance);
    assertEquals(200, closed.statusCode(), text(closed));
    // The close's listener stored the report, once, with October's charge only.
    try (var rs =
        db.jdbc()
            .createStatement()
            .executeQuery(
                "SELECT convert_from(payload, 'UTF8') FROM billing.report_publication"
                    + " WHERE period_id = '2026-10'")) {
      assertTrue(rs.next(), "no report stored for 2026-10");
      Map<?, ?> document = JSON.readValue(rs.getString(1), Map.class);
      Map<?, ?> report = (Map<?, ?>) document.get("report");
      Map<?, ?> revenue = (Map<?, ?>) ((List<?>) report.get("revenue")).get(0);
      assertEquals("4.00", revenue.get("charged"));
    }
  }

  @Test
  void csvSectionsAndTheFocusExportAreDownloads() throws Exception {
    HttpResponse<byte[]> r = get("/v1/billing/reports/2026-11/payouts.csv", finance);
    assertEquals(200, r.statusCode(), text(r));
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertEquals(
        "attachment; filename=\"2026-11-payouts.csv\"",
        r.headers().firstValue("Content-Disposition").orElse(""));
    assertTrue(text(r).startsWith("host_operator_id,name,currency,charged,fees,payable\r\n"));
    assertTrue(text(r).contains(",Hostco,EUR,2.00,0.10,1.90\r\n"), text(r));
    HttpResponse<byte[]> focus = get("/v1/billing/reports/2026-11/focus.csv", finance);
    assertEquals(200, focus.statusCode());
    assertTrue(text(focus).startsWith("BilledCost,BillingAccountId,"), text(focus));
    assertEquals(2, text(focus).split("\r\n").length);
  }

  @Test
  void chartsAsSvgAndPng() throws Exception {
    HttpResponse<byte[]> svg = get("/v1/billing/reports/2026-11/daily-revenue.svg", finance);
    assertEquals(200, svg.statusCode(), text(svg));
    assertEquals("image/svg+xml", svg.headers().firstValue("Content-Type").orElse(""));
    var doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(text(svg))));
    assertEquals("svg", doc.getDocumentElement().getTagName());
    assertTrue(text(svg).contains("data-day=\"2026-11-05\" data-value=\"2\""), text(svg));
    if (DebianPackages.ensure("fontconfig", "fonts-dejavu-core").isEmpty()) {
      HttpResponse<byte[]> png = get("/v1/billing/reports/2026-11/daily-usage.png", finance);
      assertEquals(200, png.statusCode());
      assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
      assertEquals(900, ImageIO.read(new ByteArrayInputStream(png.body())).getWidth());
    }
  }

  @Test
  void reconciliationOfAPeriodIsClean() throws Exception {
    HttpResponse<byte[]> r = get("/v1/billing/reports/2026-11/reconciliation", finance);
    assertEquals(200, r.statusCode(), text(r));
    assertEquals(List.of(), json(r).get("discrepancies"));
  }

  @Test
  void onlyFinanceAndAdminWithValidInput() throws Exception {
    assertEquals(401, get("/v1/billing/reports/2026-11", null).statusCode());
    HttpResponse<byte[]> forbidden = get("/v1/billing/reports/2026-11", customer);
    assertEquals(403, forbidden.statusCode());
    assertEquals("urn:xenia:problem:forbidden", json(forbidden).get("type"));
    HttpResponse<byte[]> bad =
        get("/v1/billing/reports/range?from=yesterday&to=2026-12-01T00:00:00Z", finance);
    assertEquals(400, bad.statusCode(), text(bad));
    assertTrue(
        bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertEquals(
        400,
        get("/v1/billing/reports/range?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", finance)
            .statusCode());
    assertEquals(404, get("/v1/billing/reports/2031-01", finance).statusCode());
    assertEquals(404, get("/v1/billing/reports/2026-11/nothing.csv", finance).statusCode());
  }
}
