package io.xenia.billing.consumer;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.machineSeconds;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.record;
import static io.xenia.billing.support.Usage.signed;
import static io.xenia.billing.support.Usage.signedMinutes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.billing.support.BillingOnKafka;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.Kafka;
import io.xenia.testsupport.KafkaServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The billing service reading real Kafka and charging into a real PostgreSQL. */
class UsageConsumerTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static BillingOnKafka billing;
  private static KafkaServer kafka;
  private static BrokerRows rows;
  private static String usage;
  private static String deadTopic;

  @BeforeAll
  static void start() {
    billing = BillingOnKafka.start("usage_consumer");
    kafka = billing.kafka();
    rows = billing.rows();
    usage = billing.usageTopic();
    deadTopic = billing.deadTopic();
  }

  @AfterAll
  static void stop() {
    if (billing != null) {
      billing.close();
    }
  }

  @Test
  void usageOnKafkaIsChargedAndForgeriesAreDeadLettered() throws Exception {
    Session s = rows.newSession("36.00", "100.00", "50.00", T0);
    UUID order = s.order();
    UUID operator = s.host().operator();
    List<byte[]> values = new ArrayList<>(signedMinutes(s.agreement(), T0, 1, 30, s.host().key()));
    var forged =
        record(s.agreement(), 31, T0.plusSeconds(1800), T0.plusSeconds(1860), machineSeconds(60));
    values.add(signed(forged, newKey()));

    Kafka.produce(kafka, usage, s.id().toString(), values);

    billing.awaitCount(
        "SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", 30, s.id());
    assertEquals(eur("82.00").micros(), rows.ringFencedMicros(order));
    assertEquals(eur("17.10").micros(), rows.hostPayableMicros(operator));
    var dead = Kafka.read(kafka, deadTopic, 1, Duration.ofSeconds(30));
    assertEquals(1, dead.size());
    assertEquals("bad-signature", Kafka.header(dead.get(0), "reason"));
    assertEquals(s.id().toString(), dead.get(0).key());
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM billing.dead_letter WHERE session_id = ?", s.id().toString()));
  }
}
