package io.xenia.billing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.billing.periods.ClosedPeriod;
import io.xenia.billing.reports.ReportFixture.ChargeSpec;
import io.xenia.testsupport.KafkaServer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A closed period's report reaches {@code billing.reports.v1} on the real Kafka once, keyed by the
 * period, with the period's totals: the close's listener stores it, catching up and storing again
 * change nothing, a relay that cannot reach Kafka keeps it pending (attempt and error recorded),
 * the next relay publishes it, and later passes send nothing more.
 */
class ReportPublicationTest {
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  static final ObjectMapper JSON = new ObjectMapper();

  static ReportFixture db;
  static KafkaServer kafka;
  static String topic;

  @BeforeAll
  static void scenario() {
    // Kafka starts (a child JVM) while PostgreSQL starts and migrates.
    var starting = java.util.concurrent.CompletableFuture.supplyAsync(KafkaServer::shared);
    db = ReportFixture.create("publication");
    kafka = starting.join();
    topic = "billing.reports.v1." + UUID.randomUUID();
    // As the relay does on start: made once (compacted, one partition); a second time is a no-op.
    ReportTopic.ensure(kafka.bootstrapServers(), topic, Duration.ofSeconds(30));
    ReportTopic.ensure(kafka.bootstrapServers(), topic, Duration.ofSeconds(30));
    UUID acme = db.account("customer", "Acme");
    UUID hostco = db.account("host-operator", "Hostco");
    UUID h1 = db.host(hostco, "h1");
    UUID order = db.order(acme, "EUR", 100_000_000);
    db.charge(
        new ChargeSpec(acme, order, h1, hostco, Instant.parse("2026-11-05T00:00:00Z"))
            .fee(1000)
            .machine(7200, 2_000_000));
    db.charge(
        new ChargeSpec(acme, order, h1, hostco, Instant.parse("2026-12-05T00:00:00Z"))
            .machine(3600, 2_000_000));
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void aClosedPeriodIsPublishedOnceWithItsTotals() throws Exception {
    ReportPublisher publisher =
        new ReportPublisher(
            db.pool(),
            new ReportQueries(db.pool(), Clock.systemUTC()),
            JSON::writeValueAsBytes,
            Clock.systemUTC(),
            10);
    // The period closes (the invoices part's PeriodCloser calls its listeners after the commit) ...
    db.update(
        "INSERT INTO billing.period (id, starts_at, ends_at, closed_at, closed_by)"
            + " VALUES ('2026-11', ?, ?, now(), ?)",
        NOV.atOffset(java.time.ZoneOffset.UTC),
        DEC.atOffset(java.time.ZoneOffset.UTC),
        ReportFixture.BILLING_ACCOUNT);
    publisher.periodClosed(
        new ClosedPeriod(
            "2026-11", NOV, DEC, Instant.now(), ReportFixture.BILLING_ACCOUNT, List.of(), 1, 1));
    // ... a start catching up on missed closes finds none missing, and storing it again keeps the
    // first.
    assertEquals(0, publisher.catchUp());
    assertFalse(publisher.store("2026-11", new ReportRange(NOV, DEC)));

    String nowhere;
    try (var closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      nowhere = "127.0.0.1:" + closed.getLocalPort(); // nobody listens once it is closed
    }
    try (ReportRelay unreachable =
        new ReportRelay(
            db.pool(),
            ReportProducer.create(nowhere, Duration.ofSeconds(1)),
            topic,
            Duration.ofSeconds(3))) {
      assertEquals(0, unreachable.publishPending());
    }
    try (ResultSet rs =
        db.jdbc()
            .createStatement()
            .executeQuery(
                "SELECT attempts, last_error, published_at FROM billing.report_publication")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
      assertNotNull(rs.getString(2));
      assertEquals(null, rs.getObject(3));
    }

    try (ReportRelay relay =
        new ReportRelay(
            db.pool(),
            ReportProducer.create(kafka.bootstrapServers(), Duration.ofSeconds(30)),
            topic,
            Duration.ofSeconds(30))) {
      assertEquals(1, relay.publishPending());
      assertEquals(0, relay.publishPending());
    }

    List<ConsumerRecord<byte[], byte[]>> records = readAll();
    assertEquals(1, records.size());
    ConsumerRecord<byte[], byte[]> record = records.get(0);
    assertEquals("2026-11", new String(record.key(), StandardCharsets.UTF_8));
    @SuppressWarnings("unchecked")
    Map<String, Object> document = JSON.readValue(record.value(), Map.class);
    assertEquals("billing.reports.v1", document.get("schema"));
    assertEquals("2026-11", document.get("periodId"));
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) document.get("report");
    @SuppressWarnings("unchecked")
    Map<String, Object> revenue = ((List<Map<String, Object>>) report.get("revenue")).get(0);
    assertEquals("EUR", revenue.get("currency"));
    assertEquals("4.00", revenue.get("charged"));
    assertEquals("0.40", revenue.get("fees"));
    assertEquals("3.60", revenue.get("hostShare"));
    assertEquals(1, ((Number) revenue.get("records")).intValue());
  }

  /** Everything on the topic, read committed, until a poll finds nothing more. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "report-test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        var batch = consumer.poll(Duration.ofMillis(500));
        batch.forEach(out::add);
        if (!out.isEmpty() && batch.isEmpty()) {
          break;
        }
      }
    }
    return out;
  }
}
