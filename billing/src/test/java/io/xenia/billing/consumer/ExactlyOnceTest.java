package io.xenia.billing.consumer;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;
import static io.xenia.billing.support.Usage.record;
import static io.xenia.billing.support.Usage.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.xenia.billing.support.BillingProcess;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.Kafka;
import io.xenia.billing.support.TestDatabase;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.testsupport.KafkaServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's proof of exactly once: billing killed with SIGKILL twice while charging, restarted, fed
 * old records again and records out of order ends with the same ledger, to the micro-unit and
 * record by record, as a clean run over the same records.
 */
class ExactlyOnceTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final int SESSIONS = 4;
  private static final int MINUTES = 200;

  private final KafkaServer kafka = KafkaServer.shared();
  private final Ed25519KeyPair hostKey = newKey();
  private final UUID customer = UUID.randomUUID();
  private final UUID operator = UUID.randomUUID();
  private final UUID host = UUID.randomUUID();
  private final UUID order = UUID.randomUUID();
  private final List<UUID> sessionIds = new ArrayList<>();
  private final List<String> agreementIds = new ArrayList<>();

  {
    for (int i = 0; i < SESSIONS; i++) {
      sessionIds.add(UUID.randomUUID());
      agreementIds.add("ag-" + UUID.randomUUID());
    }
  }

  /** The same marketplace, ids and keys in any database. */
  private List<Session> scenario(BrokerRows rows) throws Exception {
    rows.account(customer, "customer");
    rows.account(operator, "host-operator");
    var h = rows.host(host, operator, hostKey);
    rows.order(order, customer, eur("10000.00"));
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      sessions.add(
          rows.session(
              sessionIds.get(i),
              agreementIds.get(i),
              h,
              customer,
              order,
              prices("36.00", "egress-gib", "0.05"),
              T0,
              openEnded(),
              eur("100.00")));
    }
    return sessions;
  }

  /** Every session's minutes, signed, per session in order. */
  private static Map<UUID, List<byte[]>> usage(List<Session> sessions) {
    Map<UUID, List<byte[]>> out = new HashMap<>();
    for (Session s : sessions) {
      List<byte[]> values = new ArrayList<>();
      for (int n = 1; n <= MINUTES; n++) {
        var q = new io.xenia.protocol.records.UsageQuantities(30, 60 * 512, 1_000_000L * n, 0, 60);
        values.add(
            signed(
                record(s.agreement(), n, T0.plusSeconds(60L * (n - 1)), T0.plusSeconds(60L * n), q),
                s.host().key()));
      }
      out.put(s.id(), values);
    }
    return out;
  }

  @Test
  void killsReplaysAndReorderingEndInTheLedgerOfACleanRun() throws Exception {
    List<String> clean;
    try (TestDatabase db = TestDatabase.create("once_clean")) {
      BrokerRows rows = new BrokerRows(db);
      Map<UUID, List<byte[]>> usage = usage(scenario(rows));
      String topic = "usage-clean-" + UUID.randomUUID();
      kafka.createTopic(topic, 3);
      usage.forEach((session, values) -> Kafka.produce(kafka, topic, session.toString(), values));
      String group = "clean-" + UUID.randomUUID();
      try (ApplicationContext billing = ApplicationContext.run(properties(db, topic, group, 500))) {
        awaitCaughtUp(rows, topic, group);
      }
      clean = rows.moneySnapshot();
      assertEquals(0, rows.count("SELECT count(*) FROM billing.dead_letter"));
    }

    try (TestDatabase db = TestDatabase.create("once_faults")) {
      BrokerRows rows = new BrokerRows(db);
      Map<UUID, List<byte[]>> usage = usage(scenario(rows));
      String topic = "usage-faults-" + UUID.randomUUID();
      kafka.createTopic(topic, 3);
      usage.forEach((session, values) -> Kafka.produce(kafka, topic, session.toString(), values));
      String group = "faults-" + UUID.randomUUID();
      Map<String, Object> props = properties(db, topic, group, 25);
      // Static membership, as a StatefulSet would give: the restarted instance takes its
      // partitions back at once instead of waiting out the killed one's session.
      props.put("xenia.billing.instance-id", "billing-0");
      Path logs = Path.of("target", "exactly-once");

      long total = (long) SESSIONS * MINUTES;
      for (long killAt : new long[] {total / 5, total / 2}) {
        try (BillingProcess billing = BillingProcess.start(props, logs.resolve("billing.log"))) {
          awaitCharged(rows, killAt, billing);
          billing.kill();
        }
        long charged = rows.count("SELECT count(*) FROM billing.usage_charge");
        assertTrue(charged < total, "killed before the end: " + charged + " of " + total);
      }
      // Old records again, and a stretch of each session in another order.
      Random random = new Random(6);
      usage.forEach(
          (session, values) -> {
            Kafka.produce(kafka, topic, session.toString(), values.subList(0, 100));
            List<byte[]> shuffled = new ArrayList<>(values.subList(100, 200));
            Collections.shuffle(shuffled, random);
            Kafka.produce(kafka, topic, session.toString(), shuffled);
          });
      try (BillingProcess billing = BillingProcess.start(props, logs.resolve("billing.log"))) {
        awaitCaughtUp(rows, topic, group);
      }
      assertEquals(clean, rows.moneySnapshot());
      assertEquals(0, rows.count("SELECT count(*) FROM billing.dead_letter"));
    }
  }

  private static Map<String, Object> properties(
      TestDatabase db, String topic, String group, int maxBatch) {
    Map<String, Object> props = new HashMap<>(db.properties());
    props.put("xenia.billing.kafka-bootstrap-servers", KafkaServer.shared().bootstrapServers());
    props.put("xenia.billing.usage-topic", topic);
    props.put("xenia.billing.dead-letter-topic", topic + "-dead");
    props.put("xenia.billing.consumer-group", group);
    props.put("xenia.billing.platform-fee-basis-points", 750);
    props.put("xenia.billing.max-batch", maxBatch);
    props.put("micronaut.server.port", -1);
    return props;
  }

  private static void awaitCharged(BrokerRows rows, long atLeast, BillingProcess billing)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (rows.count("SELECT count(*) FROM billing.usage_charge") < atLeast) {
      assertTrue(billing.isAlive(), "billing exited; see " + billing.log());
      assertTrue(System.nanoTime() < deadline, "billing too slow; see " + billing.log());
      Thread.sleep(5);
    }
  }

  /** Waits until the group committed every partition's end offset: all records were handled. */
  private void awaitCaughtUp(BrokerRows rows, String topic, String group) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 3; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (true) {
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        boolean done =
            ends.entrySet().stream()
                .allMatch(
                    e -> {
                      var c = committed.get(e.getKey());
                      return e.getValue().offset() == 0
                          || (c != null && c.offset() >= e.getValue().offset());
                    });
        if (done) {
          return;
        }
        assertTrue(System.nanoTime() < deadline, "billing did not catch up with " + topic);
        Thread.sleep(50);
      }
    }
  }
}
