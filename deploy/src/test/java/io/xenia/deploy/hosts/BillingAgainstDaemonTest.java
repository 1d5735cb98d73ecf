package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.deploy.billing.BillingService;
import io.xenia.testsupport.KafkaServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 §4 end to end: a real broker in metered charging, {@code host-daemon run} metering a
 * leased fake machine every 500 ms into Kafka, and the billing service as its own process charging
 * it. Kafka is stopped for 60 s while the host meters: nothing is lost — the daemon's spool holds
 * the records, and once Kafka is back billing charges every one of them, each once, the session's
 * whole lease and nothing more.
 */
class BillingAgainstDaemonTest {
  private static final Duration METERING = Duration.ofMillis(500);
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  @TempDir static Path tmp;
  private static KafkaServer kafka;
  private static int kafkaPort;
  private static int controllerPort;
  private static BrokerUnderTest broker;
  private static BillingService billing;
  private static BrokerUnderTest.Host host;
  private static CustomerUnderTest customer;

  @BeforeAll
  static void start() throws Exception {
    kafkaPort = freePort();
    controllerPort = freePort();
    kafka = startKafka();
    kafka.createTopic("usage.v1", 3);
    broker =
        BrokerUnderTest.start(
            tmp,
            Duration.ofMillis(500),
            2,
            8,
            Duration.ofMillis(200),
            Map.of(
                "xenia.sessions.charging", "metered",
                "xenia.sessions.metered-settle-window", "1h"));
    Map<String, Object> settings = new HashMap<>(broker.databaseSettings());
    settings.put("xenia.billing.kafka-bootstrap-servers", kafka.bootstrapServers());
    settings.put("xenia.billing.instance-id", "billing-0");
    billing = BillingService.start(settings, 0, tmp.resolve("billing.log"));
    host =
        broker.startHost(
            tmp.resolve("host"),
            "metered-host",
            List.of("--kafka", kafka.bootstrapServers(), "--usage-interval", "PT0.5S"),
            "defaults:",
            "  driver: fake",
            "  location: {region: eu-west-1}",
            "  prices: {currency: EUR, perHour: 36.00}",
            "machines:",
            "  - id: metered",
            "    facts: {cpuCores: 2, memoryMiB: 1024}");
    customer = CustomerUnderTest.register(broker, "Mira Metered", "100.00");
    customer.describeFailuresWith(() -> host.daemon().output().toString());
  }

  private static KafkaServer startKafka() {
    return KafkaServer.builder()
        .dataDirectory(tmp.resolve("kafka"))
        .port(kafkaPort)
        .controllerPort(controllerPort)
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (host != null) {
      host.daemon().kill();
    }
    if (billing != null) {
      billing.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void kafkaDownForAMinuteWhileTheHostMetersLosesNothing() throws Exception {
    String order = customer.order("50.00");
    JsonNode created =
        customer.createSession(
            Map.of(
                "purchaseOrderId",
                order,
                "query",
                "cpu>=2",
                "sshPublicKeys",
                List.of(customer.sshPublicKey)));
    String id = created.path("sessions").get(0).path("id").asText();
    customer.awaitState(id, "running", Duration.ofSeconds(30));
    awaitCharged(id, 3, Duration.ofSeconds(60));

    kafka.close();
    long down = System.nanoTime();
    long chargedWhenDown = charged(id);
    Thread.sleep(OUTAGE.toMillis());
    assertTrue(charged(id) <= chargedWhenDown + 2, "nothing reaches billing while Kafka is down");
    kafka = startKafka();
    double outage = (System.nanoTime() - down) / 1e9;

    customer.send("DELETE", "/v1/sessions/" + id, null);
    customer.awaitState(id, "ended", Duration.ofSeconds(30));
    long expectedAtLeast = OUTAGE.toMillis() / METERING.toMillis();
    long last = awaitSettled(id, Duration.ofSeconds(120));

    try (Connection c = broker.jdbc()) {
      assertEquals(
          last,
          scalar(c, "SELECT count(*) FROM billing.usage_charge WHERE session_id = ?::uuid", id),
          "every sequence from 1 to the last, once");
      assertTrue(last >= expectedAtLeast, last + " records for an outage of " + outage + " s");
      assertEquals(0, scalar(c, "SELECT count(*) FROM billing.dead_letter", null));
      long charged =
          scalar(
              c,
              "SELECT sum(charged_micros) FROM billing.usage_charge WHERE session_id = ?::uuid",
              id);
      assertEquals(charged, scalar(c, "SELECT spent_micros FROM session WHERE id = ?::uuid", id));
      // The records tile the lease: their machine time is the time from the host's start to its
      // end.
      long machineSeconds =
          scalar(
              c,
              "SELECT sum(measured) FROM billing.usage_charge_line WHERE session_id = ?::uuid AND component = 'machine-hour'",
              id);
      long leased =
          scalar(
              c,
              "SELECT EXTRACT(EPOCH FROM max(interval_end) - min(interval_start))::bigint FROM billing.usage_charge WHERE session_id = ?::uuid",
              id);
      assertTrue(
          Math.abs(machineSeconds - leased) <= 2,
          machineSeconds + " machine-seconds over " + leased + " s");
      assertTrue(leased >= OUTAGE.toSeconds(), "the lease outlasted the outage: " + leased + " s");
      System.out.printf(
          "metered through a %.1f s Kafka outage: %d records charged, %d machine-seconds, %.6f EUR%n",
          outage, last, machineSeconds, charged / 1e6);
    }
  }

  private static long charged(String session) throws Exception {
    try (Connection c = broker.jdbc()) {
      return scalar(
          c, "SELECT count(*) FROM billing.usage_charge WHERE session_id = ?::uuid", session);
    }
  }

  private static void awaitCharged(String session, long atLeast, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (charged(session) < atLeast) {
      assertTrue(System.nanoTime() < deadline, "billing charged nothing; see " + billing.log());
      Thread.sleep(100);
    }
  }

  /** Waits until the charged records stop changing for 5 s with no gap; the last sequence. */
  private static long awaitSettled(String session, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long stableSince = System.nanoTime();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      long n;
      long max;
      try (Connection c = broker.jdbc()) {
        n =
            scalar(
                c, "SELECT count(*) FROM billing.usage_charge WHERE session_id = ?::uuid", session);
        max =
            scalar(
                c,
                "SELECT COALESCE(max(sequence), 0) FROM billing.usage_charge WHERE session_id = ?::uuid",
                session);
      }
      if (n != seen) {
        seen = n;
        stableSince = System.nanoTime();
      } else if (n == max && System.nanoTime() - stableSince > 5_000_000_000L) {
        return max;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("billing did not settle: " + seen + " records; see " + billing.log());
  }

  private static long scalar(Connection c, String sql, String arg) throws Exception {
    try (var s = c.prepareStatement(sql)) {
      if (arg != null) {
        s.setString(1, arg);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
