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

import io.micronaut.context.ApplicationContext;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Host;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.Kafka;
import io.xenia.billing.support.TestDatabase;
import io.xenia.billing.support.Usage;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.testsupport.KafkaServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    db = TestDatabase.create("usage_batches");
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

  /** A session at 36.00 €/h (0.60 € a minute) on its own host, order of 100.00, hold 50.00. */
  private static Session session() throws Exception {
    UUID customer = rows.account(UUID.randomUUID(), "customer");
    UUID operator = rows.account(UUID.randomUUID(), "host-operator");
    Host host = rows.host(UUID.randomUUID(), operator, newKey());
    UUID order = rows.order(UUID.randomUUID(), customer, eur("100.00"));
    return rows.session(
        UUID.randomUUID(),
        "ag-" + UUID.randomUUID(),
        host,
        customer,
        order,
        prices("36.00"),
        T0,
        openEnded(),
        eur("50.00"));
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
        USAGE,
        s.host().key().publicKey().fingerprint(),
        List.of(
            signedBatch(records.subList(0, 10), s.host().key()),
            signedBatch(records.subList(10, 20), s.host().key())));

    awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id(), 20);
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
    Kafka.produce(kafka, USAGE, key, List.of(signedBatch(records, newKey())));

    var dead = awaitDead(r -> "bad-signature".equals(Kafka.header(r, "reason")), 1);
    assertEquals("0", Kafka.header(dead.get(0), "source-index"));
    assertNull(dead.get(0).key(), "a batch names many sessions: its dead letter has no key");
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM billing.dead_letter WHERE reason = 'bad-signature'"
                + " AND source_topic = ? AND session_id IS NULL",
            USAGE));
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
        USAGE,
        s.host().key().publicKey().fingerprint(),
        List.of(signedBatch(records, s.host().key())));

    awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id(), 3);
    awaitCount(
        "SELECT count(*) FROM billing.dead_letter WHERE session_id IN (?, ?)",
        List.of(s.id().toString(), unknown.sessionId()),
        2);
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
    Kafka.produce(kafka, USAGE, s.id().toString(), singles);
    awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id(), 5);

    // The same five again, with a sixth that shows billing has read the batch.
    records.add(minute(s, 6));
    Kafka.produce(kafka, USAGE, s.id().toString(), List.of(signedBatch(records, s.host().key())));
    awaitCount("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id(), 6);

    assertEquals(eur("96.40").micros(), rows.ringFencedMicros(s.order()));
    assertEquals(0, deadLetterRows(s));
  }

  private static long deadLetterRows(Session s) throws Exception {
    return rows.count(
        "SELECT count(*) FROM billing.dead_letter WHERE session_id = ?", s.id().toString());
  }

  private static void awaitCount(String sql, Object arg, long expected) throws Exception {
    Object[] args = arg instanceof List<?> l ? l.toArray() : new Object[] {arg};
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long n = 0;
    while (System.nanoTime() < deadline) {
      n = rows.count(sql, args);
      if (n >= expected) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(expected, n, sql);
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
      consumer.subscribe(List.of(DEAD));
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
