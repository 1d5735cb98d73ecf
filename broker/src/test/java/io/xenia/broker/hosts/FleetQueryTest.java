package io.xenia.broker.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fleet queries ({@code GET /v1/hosts?q=}) over hosts that reported metrics in signed heartbeats:
 * who sees what, the query language over host attributes, paging, bad metrics and bad queries.
 */
class FleetQueryTest {
  private static BrokerUnderTest broker;
  private static Marketplace.Party lena;
  private static Marketplace.Party omar;
  private static Marketplace.Party customer;
  private static UUID lenaBusy;
  private static UUID lenaIdle;
  private static UUID lenaFull;
  private static UUID omarBusy;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("fleet_query");
    var market = new Marketplace(broker);
    lena = market.register("host-operator", "Lena Fleet");
    omar = market.register("host-operator", "Omar Fleet");
    customer = market.customer("Cora Fleet");
    lenaBusy = hostWith(lena, "busy", metrics("0.9500", "0.40", "2", "eu-west-1"));
    lenaIdle = hostWith(lena, "idle", metrics("0.0500", "0.10", "4", "eu-west-1"));
    lenaFull = hostWith(lena, "full", metrics("0.5000", "0.97", "0", "us-east-1"));
    omarBusy = hostWith(omar, "omar-busy", metrics("1.2000", "0.50", "1", "eu-central-1"));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static Map<String, String> metrics(
      String load, String memUsed, String free, String region) {
    Map<String, String> m = new HashMap<>();
    m.put("cpu.cores", "8");
    m.put("cpu.load", load);
    m.put("mem.total", "16384");
    m.put("mem.used", memUsed);
    m.put("disk.free", "120.50");
    m.put("uptime", "90061");
    m.put("machines.leased", "1");
    m.put("machines.free", free);
    m.put("machines.failed", "0");
    m.put("version", "1.2.3");
    m.put("region", region);
    m.put("future.metric", "ignored");
    return m;
  }

  private static UUID hostWith(Marketplace.Party operator, String name, Map<String, String> m) {
    var identity = HostIdentity.generate();
    var r =
        broker
            .api()
            .post(
                "/v1/hosts/enroll",
                null,
                identity.enrollment(EnrollmentTest.token(broker, operator), name));
    assertEquals(201, r.status(), r::toString);
    UUID id = UUID.fromString(r.body().path("host").path("id").asText());
    var beat =
        broker.api().post("/v1/hosts/" + id + "/heartbeats", null, identity.heartbeat(id, 1, m, m));
    assertEquals(200, beat.status(), beat::toString);
    return id;
  }

  private static ApiClient.Response query(String q, String token) {
    return broker.api().get("/v1/hosts?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
  }

  private static List<UUID> ids(ApiClient.Response r) {
    assertEquals(200, r.status(), r::toString);
    List<UUID> ids = new ArrayList<>();
    r.body().path("items").forEach(h -> ids.add(UUID.fromString(h.path("id").asText())));
    return ids;
  }

  @Test
  void operatorsQueryTheirOwnHostsAdminsAllCustomersNone() {
    assertEquals(List.of(lenaBusy), ids(query("cpu.load>0.9", lena.token())));
    assertEquals(List.of(omarBusy), ids(query("cpu.load>0.9", omar.token())));
    var all = ids(query("cpu.load>0.9", broker.adminToken()));
    assertEquals(2, all.size(), all::toString);
    assertTrue(all.containsAll(List.of(lenaBusy, omarBusy)));
    assertEquals(
        List.of(lenaFull), ids(query("mem.used>=0.95 machines.free=0 region=us-*", lena.token())));
    assertEquals(
        List.of(lenaIdle),
        ids(query("cpu.load<0.1 status=up version=1.2.* disk.free>=100GiB", lena.token())));
    assertEquals(3, ids(query("uptime>1d silence<1h cpu=8 mem>=16GiB", lena.token())).size());
    assertEquals(
        List.of(omarBusy), ids(query("owner=" + omar.id() + " region=eu-*", broker.adminToken())));

    var refused = query("cpu.load>0.9", customer.token());
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("forbidden", refused.problemType());
    assertEquals("hosts:read", refused.body().path("requiredScope").asText());
  }

  @Test
  void aHostShowsItsLatestMetricsAndPagesFollowTheQuery() {
    JsonNode view = broker.api().get("/v1/hosts/" + lenaBusy, lena.token()).body();
    JsonNode m = view.path("metrics");
    assertEquals(0, m.path("cpuLoad").decimalValue().compareTo(new java.math.BigDecimal("0.95")));
    assertEquals(8, m.path("cpuCores").asInt());
    assertEquals("eu-west-1", m.path("region").asText());
    assertEquals(90061, m.path("uptimeSeconds").asLong());

    var first = broker.api().get("/v1/hosts?q=region%3Deu-*&limit=1", lena.token());
    assertEquals(List.of(ids(first).get(0)), ids(first));
    String next = first.body().path("nextPageToken").asText();
    assertFalse(next.isEmpty(), first::toString);
    var second =
        broker.api().get("/v1/hosts?q=region%3Deu-*&limit=1&pageToken=" + next, lena.token());
    assertEquals(1, ids(second).size());
    assertTrue(
        second.body().path("nextPageToken").isMissingNode()
            || second.body().path("nextPageToken").isNull(),
        second::toString);
    List<UUID> both = new ArrayList<>(ids(first));
    both.addAll(ids(second));
    assertTrue(both.containsAll(List.of(lenaBusy, lenaIdle)), both::toString);
  }

  @Test
  void malformedQueriesNameTheBadToken() {
    var r = query("cpu.load>0.9 colour=red", lena.token());
    assertEquals(400, r.status(), r::toString);
    assertEquals("invalid-query", r.problemType());
    assertEquals("colour", r.body().path("token").asText());
    assertEquals(13, r.body().path("offset").asInt());
    assertEquals("cpu.load>0.9 colour=red\n             ^^^^^^", r.body().path("caret").asText());
    // An offer attribute is not a host attribute.
    var price = query("price<1", lena.token());
    assertEquals("price", price.body().path("token").asText(), price::toString);
    var unit = query("disk.free>10parsecs", lena.token());
    assertEquals("parsecs", unit.body().path("token").asText(), unit::toString);
  }

  @Test
  void metricsAreSignedAndChecked() {
    var identity = HostIdentity.generate();
    var r =
        broker
            .api()
            .post(
                "/v1/hosts/enroll",
                null,
                identity.enrollment(EnrollmentTest.token(broker, lena), "liar"));
    UUID id = UUID.fromString(r.body().path("host").path("id").asText());
    Map<String, String> signed = metrics("0.10", "0.10", "1", "eu-west-1");
    Map<String, String> sent = new HashMap<>(signed);
    sent.put("cpu.load", "0.01");
    var forged =
        broker
            .api()
            .post("/v1/hosts/" + id + "/heartbeats", null, identity.heartbeat(id, 1, signed, sent));
    assertEquals(403, forged.status(), forged::toString);
    assertEquals("host-proof-invalid", forged.problemType());

    Map<String, String> bad = new HashMap<>(signed);
    bad.put("mem.used", "1.5");
    var refused =
        broker
            .api()
            .post("/v1/hosts/" + id + "/heartbeats", null, identity.heartbeat(id, 2, bad, bad));
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("validation-failed", refused.problemType());
    assertEquals("metrics.mem.used", refused.body().path("errors").get(0).path("field").asText());
    assertTrue(
        broker.api().get("/v1/hosts/" + id, lena.token()).body().path("metrics").isNull()
            || broker
                .api()
                .get("/v1/hosts/" + id, lena.token())
                .body()
                .path("metrics")
                .isMissingNode(),
        "nothing recorded");
  }

  /** Latency of a fleet query that scans every host: rows inserted directly, queried over HTTP. */
  @Test
  void aQueryOverTwoThousandHostsIsQuick() throws Exception {
    var market = new Marketplace(broker);
    var big = market.register("host-operator", "Bea Bigfleet");
    int n = 2000;
    Instant now = Instant.now();
    try (var c = broker.jdbc()) {
      c.setAutoCommit(false);
      try (var host =
              c.prepareStatement(
                  "INSERT INTO host (id, account_id, name, host_key, status, enrolled_at,"
                      + " last_seen_at, status_changed_at, machines_total, machines_ready)"
                      + " VALUES (?, ?, ?, ?, 'up', ?, ?, ?, 4, 2)");
          var metrics =
              c.prepareStatement(
                  "INSERT INTO host_metrics (host_id, reported_at, cpu_cores, cpu_load, mem_used,"
                      + " machines_free, region) VALUES (?, ?, 8, ?, 0.5, 2, 'eu-west-1')")) {
        var random = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
          UUID id = UUID.randomUUID();
          byte[] key =
              io.xenia.protocol.crypto.Ed25519KeyPair.generate(new java.security.SecureRandom())
                  .publicKey()
                  .bytes();
          host.setObject(1, id);
          host.setObject(2, big.id());
          host.setString(3, "bulk-" + i);
          host.setBytes(4, key);
          Timestamp t = Timestamp.from(now);
          host.setTimestamp(5, t);
          host.setTimestamp(6, t);
          host.setTimestamp(7, t);
          host.addBatch();
          metrics.setObject(1, id);
          metrics.setTimestamp(2, t);
          // One host in 100 is busy.
          metrics.setBigDecimal(3, new java.math.BigDecimal(i % 100 == 0 ? "0.95" : "0.30"));
          metrics.addBatch();
        }
        host.executeBatch();
        metrics.executeBatch();
      }
      c.commit();
    }
    query("cpu.load>0.9", big.token()); // warm-up
    long[] ms = new long[5];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      var r = broker.api().get("/v1/hosts?limit=200&q=cpu.load%3E0.9", big.token());
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(n / 100, ids(r).size());
    }
    java.util.Arrays.sort(ms);
    System.out.printf(
        "fleet query cpu.load>0.9 over %d hosts (20 match): median %d ms, max %d ms%n",
        n, ms[ms.length / 2], ms[ms.length - 1]);
    assertTrue(ms[ms.length / 2] < 5000, "median " + ms[ms.length / 2] + " ms");
  }
}
