package io.xenia.billing.consumer;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.signedMinutes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xenia.billing.charging.ChargePlanner;
import io.xenia.billing.charging.UsageBilling;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.store.BrokerFacts;
import io.xenia.billing.store.ChargeStore;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.Kafka;
import io.xenia.billing.support.TestDatabase;
import io.xenia.testsupport.KafkaServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two billing instances in one consumer group, one joining and one leaving while usage flows: the
 * partitions change hands with groups in flight (finished and committed before they go), and every
 * record is charged exactly once.
 */
class RebalanceTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final String USAGE = "usage-rebalance-" + UUID.randomUUID();
  private static final String GROUP = "billing-" + UUID.randomUUID();
  private static final int SESSIONS = 4;
  private static final int WAVE = 50; // records per session per wave
  private static KafkaServer kafka;
  private static TestDatabase db;
  private static BrokerRows rows;
  private static ExecutorService verifiers;

  @BeforeAll
  static void start() {
    kafka = KafkaServer.shared();
    kafka.createTopic(USAGE, 3);
    kafka.createTopic(USAGE + "-dead", 1);
    db = TestDatabase.create("rebalance");
    rows = new BrokerRows(db);
    verifiers = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    verifiers.shutdownNow();
    db.close();
  }

  @Test
  void partitionsChangeHandsWhileChargingAndNothingIsChargedTwice() throws Exception {
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      sessions.add(newSession());
    }
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    Instance a = new Instance(metersA);
    Instance b = null;
    try {
      wave(sessions, 0);
      awaitCharged(WAVE * SESSIONS);

      b = new Instance(metersB); // A gives up partitions to B while wave 2 is charged
      wave(sessions, 1);
      awaitCharged(2L * WAVE * SESSIONS);

      wave(sessions, 2);
      a.close(); // leaves with wave 3 in flight or polled: B takes over from A's last commit
      a = null;
      wave(sessions, 3);
      awaitCharged(4L * WAVE * SESSIONS);
    } finally {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
    }
    Thread.sleep(500); // anything charged twice would show now
    assertEquals(
        4L * WAVE * SESSIONS, rows.count("SELECT count(*) FROM billing.usage_charge"), "charges");
    for (Session s : sessions) {
      // 4 waves × 50 minutes × 0.60 EUR.
      assertEquals(eur("120.00").micros(), rows.spentMicros(s.id()));
      assertEquals(eur("880.00").micros(), rows.ringFencedMicros(s.order()));
    }
    assertEquals(0, rows.count("SELECT count(*) FROM billing.dead_letter"));
    double charged =
        metersA.counter("billing.records", "outcome", "charged").count()
            + metersB.counter("billing.records", "outcome", "charged").count();
    assertEquals(4.0 * WAVE * SESSIONS, charged, "records counted as charged");
  }

  /** Minutes of every session's wave {@code w}, keyed by session. */
  private static void wave(List<Session> sessions, int w) {
    for (Session s : sessions) {
      Kafka.produce(
          kafka,
          USAGE,
          s.id().toString(),
          signedMinutes(s.agreement(), T0, w * WAVE + 1, (w + 1) * WAVE, s.host().key()));
    }
  }

  private static Session newSession() throws Exception {
    return rows.newSession("36.00", "1000.00", "500.00", T0);
  }

  private static void awaitCharged(long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    long n = 0;
    while (System.nanoTime() < deadline) {
      n = rows.count("SELECT count(*) FROM billing.usage_charge");
      if (n >= expected) {
        return;
      }
      Thread.sleep(50);
    }
    assertEquals(expected, n, "charged");
  }

  /** A billing consumer wired from its framework-free parts, small groups to have many. */
  private static final class Instance implements AutoCloseable {
    private final DeadLetterPublisher deadLetters;
    private final UsageConsumer consumer;

    Instance(SimpleMeterRegistry meters) {
      var store =
          new ChargeStore(db.pool(), new ChargePlanner(new FeeRate(500)), Clock.systemUTC());
      var billing = new UsageBilling(new BrokerFacts(db.pool()), store, verifiers);
      deadLetters = new DeadLetterPublisher(kafka.bootstrapServers(), USAGE + "-dead");
      consumer =
          new UsageConsumer(
              new ConsumerSettings(
                  kafka.bootstrapServers(),
                  USAGE,
                  USAGE + "-dead",
                  GROUP,
                  7,
                  Duration.ofMillis(200),
                  Duration.ofSeconds(6),
                  Optional.empty()),
              billing,
              deadLetters,
              meters);
      consumer.start();
    }

    @Override
    public void close() {
      consumer.close();
      deadLetters.close();
    }
  }
}
