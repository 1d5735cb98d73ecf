package io.xenia.bench.billing;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;

import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Host;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.TestDatabase;
import io.xenia.billing.support.Usage;
import io.xenia.protocol.records.UsageQuantities;
import io.xenia.testsupport.KafkaServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issue 6's benchmark: usage records rated and charged per second end to end by billing, against
 * Kafka's own consumer reading the same records in the same run; and billing's consumer lag at a
 * steady 10,000 records/s. docs/benchmarks.md "Billing".
 *
 * <p>Lag of a record = the moment billing's consumer group committed past its offset (charged in
 * PostgreSQL and acknowledged; seen by polling the group's offsets every 20 ms) − the moment the
 * producer's send was acknowledged.
 */
public final class BillingThroughputBench {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final int PARTITIONS = 3;

  private final KafkaServer kafka;
  private final int sessions;

  private BillingThroughputBench(KafkaServer kafka, int sessions) {
    this.kafka = kafka;
    this.sessions = sessions;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int sessions = Integer.parseInt(o.getOrDefault("sessions", "200"));
    int records = Integer.parseInt(o.getOrDefault("records", "60000"));
    int rate = Integer.parseInt(o.getOrDefault("rate", "10000"));
    int lagSeconds = Integer.parseInt(o.getOrDefault("lag-seconds", "20"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
    int batch = Integer.parseInt(o.getOrDefault("batch", "500"));
    System.out.printf(
        "billing bench: %d sessions, %d records per throughput round, lag at %d/s for %d s, batch %d,"
            + " %d cores%n",
        sessions, records, rate, lagSeconds, batch, Runtime.getRuntime().availableProcessors());
    try (KafkaServer kafka = KafkaServer.builder().start()) {
      var bench = new BillingThroughputBench(kafka, sessions);
      for (int round = 1; round <= rounds; round++) {
        bench.throughput(round, records, batch);
        bench.lag(round, rate, lagSeconds, batch);
      }
    }
    System.exit(0);
  }

  private void throughput(int round, int records, int batch) throws Exception {
    try (TestDatabase db = TestDatabase.create("bench_billing")) {
      List<byte[][]> usage = signedUsage(new BrokerRows(db), records);
      String raw = topic("raw");
      String billed = topic("billed");
      produceAll(raw, usage);
      produceAll(billed, usage);

      long t = System.nanoTime();
      int read = consumeAll(raw, records);
      double rawSeconds = (System.nanoTime() - t) / 1e9;

      String group = "billing-" + UUID.randomUUID();
      long started = System.nanoTime();
      try (Billing billing = Billing.start(db, kafka.bootstrapServers(), billed, group, batch)) {
        awaitCommitted(billed, group, null);
      }
      double billedSeconds = (System.nanoTime() - started) / 1e9;
      double[] span = chargeSpan(db);
      long charged = new BrokerRows(db).count("SELECT count(*) FROM billing.usage_charge");
      double rawRate = read / rawSeconds;
      double billedRate = charged / span[0];
      System.out.printf(
          "round %d throughput: Kafka consumer %,.0f records/s (%d in %.2f s); billing %,.0f"
              + " records/s charged (%d, first to last charge %.2f s; %.2f s with start-up) ="
              + " %.1f %% of the consumer%n",
          round,
          rawRate,
          read,
          rawSeconds,
          billedRate,
          charged,
          span[0],
          billedSeconds,
          100 * billedRate / rawRate);
    }
  }

  private void lag(int round, int rate, int seconds, int batch) throws Exception {
    try (TestDatabase db = TestDatabase.create("bench_billing_lag")) {
      int total = rate * seconds;
      List<byte[][]> usage = signedUsage(new BrokerRows(db), total);
      String topic = topic("lag");
      String group = "billing-" + UUID.randomUUID();
      try (Billing billing = Billing.start(db, kafka.bootstrapServers(), topic, group, batch)) {
        Map<TopicPartition, long[]> sentAt = new ConcurrentHashMap<>();
        double sendSeconds = producePaced(topic, usage, rate, sentAt);
        List<Long> lags = new ArrayList<>();
        awaitCommitted(topic, group, new LagRecorder(sentAt, lags));
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
            "round %d lag at %,d records/s offered (%,.0f/s achieved, %d records): p50 %d ms, p99"
                + " %d ms, max %d ms%n",
            round,
            rate,
            total / sendSeconds,
            sorted.length,
            pct(sorted, 0.50),
            pct(sorted, 0.99),
            sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
      }
    }
  }

  /** {@code total} signed records over the sessions of a fresh marketplace, one stream each. */
  private List<byte[][]> signedUsage(BrokerRows rows, int total) throws Exception {
    UUID customer = rows.account(UUID.randomUUID(), "customer");
    UUID order = rows.order(UUID.randomUUID(), customer, eur("100000000.00"));
    List<Session> list = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      UUID operator = rows.account(UUID.randomUUID(), "host-operator");
      Host host = rows.host(UUID.randomUUID(), operator, newKey());
      list.add(
          rows.session(
              UUID.randomUUID(),
              "ag-" + UUID.randomUUID(),
              host,
              customer,
              order,
              prices("1.20", "egress-gib", "0.05"),
              T0,
              openEnded(),
              eur("1000.00")));
    }
    int perSession = (total + sessions - 1) / sessions;
    byte[][][] signed = new byte[sessions][][];
    IntStream.range(0, sessions)
        .parallel()
        .forEach(
            i -> {
              Session s = list.get(i);
              signed[i] = new byte[perSession][];
              for (int n = 1; n <= perSession; n++) {
                var r =
                    Usage.record(
                        s.agreement(),
                        n,
                        T0.plusSeconds(60L * (n - 1)),
                        T0.plusSeconds(60L * n),
                        new UsageQuantities(45, 60 * 2048, 10_000_000, 2_000_000, 60));
                signed[i][n - 1] = Usage.signed(r, s.host().key());
              }
            });
    // Interleaved across sessions, as many hosts metering at once would send them; the key is
    // the session id (index 0), the value the record.
    List<byte[][]> out = new ArrayList<>(total);
    for (int n = 0; n < perSession && out.size() < total; n++) {
      for (int i = 0; i < sessions && out.size() < total; i++) {
        out.add(new byte[][] {list.get(i).id().toString().getBytes(), signed[i][n]});
      }
    }
    return out;
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private void produceAll(String topic, List<byte[][]> usage) throws Exception {
    try (var producer = producer()) {
      for (byte[][] kv : usage) {
        producer.send(new ProducerRecord<>(topic, new String(kv[0]), kv[1]));
      }
      producer.flush();
    }
  }

  /** Sends at {@code rate} per second, paced per millisecond; records each ack's time. */
  private double producePaced(
      String topic, List<byte[][]> usage, int rate, Map<TopicPartition, long[]> sentAt)
      throws Exception {
    for (int p = 0; p < PARTITIONS; p++) {
      long[] times = new long[usage.size() + 1];
      Arrays.fill(times, -1);
      sentAt.put(new TopicPartition(topic, p), times);
    }
    long start = System.nanoTime();
    try (var producer = producer()) {
      for (int i = 0; i < usage.size(); i++) {
        long due = start + (long) (i * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        byte[][] kv = usage.get(i);
        producer.send(
            new ProducerRecord<>(topic, new String(kv[0]), kv[1]),
            (meta, e) -> {
              if (e == null) {
                sentAt
                        .get(new TopicPartition(meta.topic(), meta.partition()))[
                        (int) meta.offset()] =
                    System.currentTimeMillis();
              }
            });
      }
      producer.flush();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private int consumeAll(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    int n = 0;
    try (var consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (n < expected) {
        n += consumer.poll(Duration.ofMillis(100)).count();
      }
      consumer.commitSync();
    }
    return n;
  }

  /** Records each record's lag as the group's committed offsets pass it. */
  private record LagRecorder(Map<TopicPartition, long[]> sentAt, List<Long> lags) {
    void passed(TopicPartition tp, long from, long to, long now) {
      long[] sent = sentAt.get(tp);
      for (long o = from; o < to; o++) {
        if (sent != null && o < sent.length && sent[(int) o] > 0) {
          lags.add(now - sent[(int) o]);
        }
      }
    }
  }

  private void awaitCommitted(String topic, String group, LagRecorder lag) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(
            new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      Map<TopicPartition, Long> seen = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
      while (System.nanoTime() < deadline) {
        var ends = admin.listOffsets(latest).all().get();
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long now = System.currentTimeMillis();
        boolean done = true;
        for (var e : ends.entrySet()) {
          var c = committed.get(e.getKey());
          long at = c == null ? 0 : c.offset();
          if (lag != null) {
            lag.passed(e.getKey(), seen.getOrDefault(e.getKey(), 0L), at, now);
          }
          seen.put(e.getKey(), at);
          done &= at >= e.getValue().offset();
        }
        if (done && (lag == null || lag.lags().size() > 0)) {
          return;
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("billing did not catch up with " + topic);
    }
  }

  /** Seconds from the first charge to the last, from the charges' own times. */
  private static double[] chargeSpan(TestDatabase db) throws Exception {
    try (var c = db.jdbc();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT EXTRACT(EPOCH FROM max(rated_at) - min(rated_at)) FROM"
                        + " billing.usage_charge")) {
      rs.next();
      return new double[] {Math.max(0.001, rs.getDouble(1))};
    }
  }

  private String topic(String kind) {
    String name = "bench-" + kind + "-" + UUID.randomUUID();
    kafka.createTopic(name, PARTITIONS);
    return name;
  }

  private static long pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }
}
