package io.xenia.billing.consumer;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.machineSeconds;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;
import static io.xenia.billing.support.Usage.record;
import static io.xenia.billing.support.Usage.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Host;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.Kafka;
import io.xenia.billing.support.TestDatabase;
import io.xenia.testsupport.KafkaServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The billing service reading real Kafka and charging into a real PostgreSQL. */
class UsageConsumerTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final String USAGE = "usage-" + UUID.randomUUID();
  private static final String DEAD = "dead-" + UUID.randomUUID();
  private static KafkaServer kafka;
  private static TestDatabase db;
  private static BrokerRows rows;
  private static ApplicationContext billing;

  @BeforeAll
  static void start() {
    kafka = KafkaServer.shared();
    kafka.createTopic(USAGE, 3);
    kafka.createTopic(DEAD, 1);
    db = TestDatabase.create("usage_consumer");
    rows = new BrokerRows(db);
    Map<String, Object> props = new HashMap<>(db.properties());
    props.put("xenia.billing.kafka-bootstrap-servers", kafka.bootstrapServers());
    props.put("xenia.billing.usage-topic", USAGE);
    props.put("xenia.billing.dead-letter-topic", DEAD);
    props.put("xenia.billing.consumer-group", "billing-" + UUID.randomUUID());
    props.put("xenia.billing.platform-fee-basis-points", 500);
    props.put("micronaut.server.port", -1);
    billing = ApplicationContext.run(props);
  }

  @AfterAll
  static void stop() {
    if (billing != null) {
      billing.close();
    }
    db.close();
  }

  @Test
  void usageOnKafkaIsChargedAndForgeriesAreDeadLettered() throws Exception {
    UUID customer = rows.account(UUID.randomUUID(), "customer");
    UUID operator = rows.account(UUID.randomUUID(), "host-operator");
    Host host = rows.host(UUID.randomUUID(), operator, newKey());
    UUID order = rows.order(UUID.randomUUID(), customer, eur("100.00"));
    Session s =
        rows.session(
            UUID.randomUUID(),
            "ag-" + UUID.randomUUID(),
            host,
            customer,
            order,
            prices("36.00"),
            T0,
            openEnded(),
            eur("50.00"));
    List<byte[]> values = new ArrayList<>();
    for (int n = 1; n <= 30; n++) {
      values.add(
          signed(
              record(
                  s.agreement(),
                  n,
                  T0.plusSeconds(60L * (n - 1)),
                  T0.plusSeconds(60L * n),
                  machineSeconds(60)),
              host.key()));
    }
    var forged =
        record(s.agreement(), 31, T0.plusSeconds(1800), T0.plusSeconds(1860), machineSeconds(60));
    values.add(signed(forged, newKey()));

    Kafka.produce(kafka, USAGE, s.id().toString(), values);

    awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id(), 30);
    assertEquals(eur("82.00").micros(), rows.ringFencedMicros(order));
    assertEquals(eur("17.10").micros(), rows.hostPayableMicros(operator));
    var dead = Kafka.read(kafka, DEAD, 1, Duration.ofSeconds(30));
    assertEquals(1, dead.size());
    assertEquals("bad-signature", Kafka.header(dead.get(0), "reason"));
    assertEquals(s.id().toString(), dead.get(0).key());
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM billing.dead_letter WHERE session_id = ?", s.id().toString()));
  }

  private static void awaitCount(String sql, Object arg, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long n = 0;
    while (System.nanoTime() < deadline) {
      n = rows.count(sql, arg);
      if (n >= expected) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(expected, n, sql);
  }
}
