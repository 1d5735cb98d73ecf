package io.xenia.billing.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.xenia.testsupport.KafkaServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The billing service (Micronaut, its consumer on, a 5 % platform fee) over the shared Kafka and a
 * fresh database, reading usage and writing dead letters on topics of its own: the set-up of the
 * tests that drive billing through Kafka.
 */
public final class BillingOnKafka implements AutoCloseable {
  private final KafkaServer kafka;
  private final TestDatabase db;
  private final BrokerRows rows;
  private final String usageTopic = "usage-" + UUID.randomUUID();
  private final String deadTopic = "dead-" + UUID.randomUUID();
  private final ApplicationContext billing;

  private BillingOnKafka(String database) {
    kafka = KafkaServer.shared();
    kafka.createTopic(usageTopic, 3);
    kafka.createTopic(deadTopic, 1);
    db = TestDatabase.create(database);
    rows = new BrokerRows(db);
    Map<String, Object> props = new HashMap<>(db.properties());
    props.put("xenia.billing.kafka-bootstrap-servers", kafka.bootstrapServers());
    props.put("xenia.billing.usage-topic", usageTopic);
    props.put("xenia.billing.dead-letter-topic", deadTopic);
    props.put("xenia.billing.consumer-group", "billing-" + UUID.randomUUID());
    props.put("xenia.billing.platform-fee-basis-points", 500);
    props.put("micronaut.server.port", -1);
    ApplicationContext started;
    try {
      started = ApplicationContext.run(props);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    billing = started;
  }

  /** Starts billing on a fresh database named after {@code database}. */
  public static BillingOnKafka start(String database) {
    return new BillingOnKafka(database);
  }

  public KafkaServer kafka() {
    return kafka;
  }

  public BrokerRows rows() {
    return rows;
  }

  public String usageTopic() {
    return usageTopic;
  }

  public String deadTopic() {
    return deadTopic;
  }

  /**
   * Waits up to 60 s for {@code sql} (a count) to reach {@code expected}, then asserts it is
   * exactly that: a record charged twice shows as too many.
   */
  public void awaitCount(String sql, long expected, Object... args) throws Exception {
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

  @Override
  public void close() {
    try {
      billing.close();
    } finally {
      db.close();
    }
  }
}
