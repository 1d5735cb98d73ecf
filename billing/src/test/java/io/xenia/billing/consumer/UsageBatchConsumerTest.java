package io.xenia.billing.consumer;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.machineSeconds;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;
import static io.xenia.billing.support.Usage.record;
import static io.xenia.billing.support.Usage.signed;
import static io.xenia.billing.support.Usage.signedBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.xenia.billing.support.BillingOnKafka;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.Kafka;
import io.xenia.billing.support.Usage;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.testsupport.KafkaServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Usage-batches on real Kafka charged into a real PostgreSQL: member by member, one dead letter for
 * a batch that cannot be trusted, one per bad member otherwise, and a record is the same record
 * whether it came alone or in a batch.
 */
class UsageBatchConsumerTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static BillingOnKafka billing;
  private static KafkaServer kafka;
  private static BrokerRows rows;
  private static String usage;
  private static String deadTopic;

  @BeforeAll
  static void start() {
    billing = BillingOnKafka.start("usage_batches");
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

  /** A session at 36.00 €/h (0.60 € a minute) on its own host, order of 100.00, hold 50.00. */
  private static Session session() throws Exception {
    return rows.newSession("36.00", "100.00", "50.00", T0);
  }

  /** Minute {@code n} (from 1) of the session. */
  private static UsageRecord minute(Session s, long n) {
    return record(
        s.agreement(),
        n,
        T0.plusSeconds(60L * (n - 1)),
        T0.plusSeconds(60L * n),
        machineSeconds(60));
  }

  @Test
  void aBatchIsChargedMemberByMember() throws Exception {
    Session s = session();
    List<UsageRecord> records = new ArrayList<>();
    for (int n = 1; n <= 20; n++) {
      records.add(minute(s, n));
    }
    Kafka.produce(
        kafka,
        usage,
        s.host().key().publicKey().fingerprint(),
        List.of(
            signedBatch(records.subList(0, 10), s.host().key()),
            signedBatch(records.subList(10, 20), s.host().key())));

    billing.awaitCount(
        "SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", 20, s.id());
    assertEquals(eur("88.00").micros(), rows.ringFencedMicros(s.order()));
    assertEquals(
        2,
        rows.count(
            "SELECT count(DISTINCT source_offset) FROM billing.usage_charge WHERE session_id = ?",
            s.id()));
    assertEquals(0, deadLetterRows(s));
  }

  @Test
  void aForgedBatchIsOneDeadLetter() throws Exception {
    Session s = session();
    List<UsageRecord> records = List.of(minute(s, 1), minute(s, 2), minute(s, 3));
    String key = "forged-" + UUID.randomUUID();
    Kafka.produce(kafka, usage, key, List.of(signedBatch(records, newKey())));

    var dead = awaitDead(r -> "bad-signature".equals(Kafka.header(r, "reason")), 1);
    assertEquals("0", Kafka.header(dead.get(0), "source-index"));
    assertNull(dead.get(0).key(), "a batch names many sessions: its dead letter has no key");
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM billing.dead_letter WHERE reason = 'bad-signature'"
                + " AND source_topic = ? AND session_id IS NULL",
            usage));
    assertEquals(
        0, rows.count("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id()));
  }

  @Test
  void twoBadMembersAreTwoDeadLettersAndTheRestIsCharged() throws Exception {
    Session s = session();
    var unknown =
        Usage.agreement(
            "ag-unknown-" + UUID.randomUUID(),
            UUID.randomUUID(),
            s.host().key(),
            UUID.randomUUID(),
            s.order(),
            prices("36.00"),
            T0,
            openEnded());
    List<UsageRecord> records =
        List.of(
            minute(s, 1),
            record(unknown, 1, T0, T0.plusSeconds(60), machineSeconds(60)),
            minute(s, 2),
            record(s.agreement(), 3, T0.minusSeconds(120), T0.minusSeconds(60), machineSeconds(60)),
            minute(s, 4));
    Kafka.produce(
        kafka,
        usage,
        s.host().key().publicKey().fingerprint(),
        List.of(signedBatch(records, s.host().key())));

    billing.awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", 3, s.id());
    billing.awaitCount(
        "SELECT count(*) FROM billing.dead_letter WHERE session_id IN (?, ?)",
        2,
        s.id().toString(),
        unknown.sessionId());
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM billing.dead_letter WHERE session_id = ? AND source_index = 1"
                + " AND reason = 'unknown-agreement'",
            unknown.sessionId()));
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM billing.dead_letter WHERE session_id = ? AND source_index = 3"
                + " AND reason = 'outside-lease' AND sequence = 3",
            s.id().toString()));
    assertEquals(eur("98.20").micros(), rows.ringFencedMicros(s.order()));
    Set<String> keys = Set.of(s.id().toString(), unknown.sessionId());
    var dead = awaitDead(r -> keys.contains(r.key()), 2);
    Set<String> indexes = new TreeSet<>();
    dead.forEach(r -> indexes.add(Kafka.header(r, "source-index")));
    assertEquals(Set.of("1", "3"), indexes);
  }

  @Test
  void recordsShippedAloneAndThenInABatchAreReplays() throws Exception {
    Session s = session();
    List<byte[]> singles = new ArrayList<>();
    List<UsageRecord> records = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      records.add(minute(s, n));
      singles.add(signed(minute(s, n), s.host().key()));
    }
    Kafka.produce(kafka, usage, s.id().toString(), singles);
    billing.awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", 5, s.id());

    // The same five again, with a sixth that shows billing has read the batch.
    records.add(minute(s, 6));
    Kafka.produce(kafka, usage, s.id().toString(), List.of(signedBatch(records, s.host().key())));
    billing.awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", 6, s.id());

    assertEquals(eur("96.40").micros(), rows.ringFencedMicros(s.order()));
    assertEquals(0, deadLetterRows(s));
  }

  private static long deadLetterRows(Session s) throws Exception {
    return rows.count(
        "SELECT count(*) FROM billing.dead_letter WHERE session_id = ?", s.id().toString());
  }

  /** Reads the dead-letter topic (shared by the tests) until {@code count} letters match. */
  private static List<ConsumerRecord<String, byte[]>> awaitDead(
      Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(deadTopic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got.size() < count && System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (wanted.test(r)) {
            got.add(r);
          }
        }
      }
    }
    assertEquals(count, got.size(), "dead letters");
    return got;
  }
}
