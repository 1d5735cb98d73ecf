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
import io.xenia.protocol.records.UsageRecord;
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
 * producer's send was acknowledged. A member of a usage-batch has its Kafka record's lag. Billing
 * starts with the producer, cold (no consumer group yet, no session or agreement cached): the
 * records of the first {@code --lag-warmup-seconds} (default 5) are offered at the same rate but
 * not counted in the percentiles, which describe the steady state; their largest lag is printed
 * beside them.
 *
 * <p>Shape: {@code --sessions} sessions on hosts of {@code --sessions-per-host} each (default 1),
 * spread over {@code --orders} purchase orders of one customer (default 1; each transaction writes
 * a journal entry per order it charges, so more orders cost more). {@code --batch 1} (default)
 * sends every usage record as a {@code usage} envelope of its own, keyed by its session; {@code
 * --batch N} (N &gt; 1) sends each host's records as the daemon ships them: the host's stream (tick
 * by tick, one record per session a tick) cut into usage-batches of up to N, signed once by the
 * host, keyed by the host's fingerprint. {@code --records} counts usage records; {@code
 * --max-batch} is billing's {@code xenia.billing.max-batch} (default 10000, as billing's): the most
 * usage records charged in one transaction, and the most Kafka records polled ahead.
 */
public final class BillingThroughputBench {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final int PARTITIONS = 3;

  private final KafkaServer kafka;
  private final int sessions;
  private final int sessionsPerHost;
  private final int recordsPerMessage;
  private final int orders;

  private BillingThroughputBench(
      KafkaServer kafka, int sessions, int sessionsPerHost, int recordsPerMessage, int orders) {
    this.kafka = kafka;
    this.sessions = sessions;
    this.sessionsPerHost = sessionsPerHost;
    this.recordsPerMessage = recordsPerMessage;
    this.orders = orders;
  }

  /** One Kafka record of the bench: its key, value and how many usage records it carries. */
  private record Message(String key, byte[] value, int members) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int sessions = Integer.parseInt(o.getOrDefault("sessions", "200"));
    int records = Integer.parseInt(o.getOrDefault("records", "60000"));
    int rate = Integer.parseInt(o.getOrDefault("rate", "10000"));
    int lagSeconds = Integer.parseInt(o.getOrDefault("lag-seconds", "20"));
    int warmupSeconds = Integer.parseInt(o.getOrDefault("lag-warmup-seconds", "5"));
    int orders = Integer.parseInt(o.getOrDefault("orders", "1"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
    int perHost = Integer.parseInt(o.getOrDefault("sessions-per-host", "1"));
    int perMessage = Integer.parseInt(o.getOrDefault("batch", "1"));
    int batch = Integer.parseInt(o.getOrDefault("max-batch", "10000"));
    if (perHost < 1 || sessions % perHost != 0) {
      throw new IllegalArgumentException("--sessions must be a multiple of --sessions-per-host");
    }
    if (orders < 1 || orders > sessions) {
      throw new IllegalArgumentException("--orders is 1 to --sessions");
    }
    if (warmupSeconds < 0) {
      throw new IllegalArgumentException("--lag-warmup-seconds is 0 or more");
    }
    if (perMessage < 1 || perMessage > io.xenia.protocol.records.UsageBatch.MAX_RECORDS) {
      throw new IllegalArgumentException("--batch is 1 to 1000 records per Kafka record");
    }
    System.out.printf(
        "billing bench: %d sessions (%d per host) on %d purchase order(s), %d records per throughput"
            + " round, lag at %d/s for %d s after %d s of warm-up, %s, at most %d usage records per"
            + " charging transaction, %d cores%n",
        sessions,
        perHost,
        orders,
        records,
        rate,
        lagSeconds,
        warmupSeconds,
        perMessage == 1
            ? "one usage envelope per Kafka record"
            : "usage-batches of up to " + perMessage + " records per Kafka record",
        batch,
        Runtime.getRuntime().availableProcessors());
    try (KafkaServer kafka = KafkaServer.builder().start()) {
      var bench = new BillingThroughputBench(kafka, sessions, perHost, perMessage, orders);
      for (int round = 1; round <= rounds; round++) {
        bench.throughput(round, records, batch);
        bench.lag(round, rate, warmupSeconds, lagSeconds, batch);
      }
    }
    System.exit(0);
  }

  private void throughput(int round, int records, int batch) throws Exception {
    try (TestDatabase db = TestDatabase.create("bench_billing")) {
      List<Message> usage = signedUsage(new BrokerRows(db), records);
      int usageRecords = usage.stream().mapToInt(Message::members).sum();
      String raw = topic("raw");
      String billed = topic("billed");
      produceAll(raw, usage);
      produceAll(billed, usage);

      long t = System.nanoTime();
      int read = consumeAll(raw, usage.size());
      double rawSeconds = (System.nanoTime() - t) / 1e9;

      String group = "billing-" + UUID.randomUUID();
      long started = System.nanoTime();
      try (Billing billing = Billing.start(db, kafka.bootstrapServers(), billed, group, batch)) {
        awaitCommitted(billed, group, null, () -> true);
      }
      double billedSeconds = (System.nanoTime() - started) / 1e9;
      double[] span = chargeSpan(db);
      long charged = new BrokerRows(db).count("SELECT count(*) FROM billing.usage_charge");
      double rawRate = read / rawSeconds;
      // The same topic content: the consumer's usage records are its Kafka records' members.
      double rawUsageRate = rawRate * usageRecords / usage.size();
      double billedRate = charged / span[0];
      System.out.printf(
          "round %d throughput: Kafka consumer %,.0f Kafka records/s = %,.0f usage records/s (%d"
              + " Kafka records, %d usage records in %.2f s); billing %,.0f usage records/s"
              + " charged (%d, first to last charge %.2f s; %.2f s with start-up) = %.1f %% of the"
              + " consumer's usage records/s%n",
          round,
          rawRate,
          rawUsageRate,
          read,
          usageRecords,
          rawSeconds,
          billedRate,
          charged,
          span[0],
          billedSeconds,
          100 * billedRate / rawUsageRate);
    }
  }

  private void lag(int round, int rate, int warmup, int seconds, int batch) throws Exception {
    try (TestDatabase db = TestDatabase.create("bench_billing_lag")) {
      int total = rate * (warmup + seconds);
      long warmupRecords = (long) rate * warmup;
      List<Message> usage = signedUsage(new BrokerRows(db), total);
      String topic = topic("lag");
      String group = "billing-" + UUID.randomUUID();
      try (Billing billing = Billing.start(db, kafka.bootstrapServers(), topic, group, batch)) {
        Map<TopicPartition, long[]> sentAt = new ConcurrentHashMap<>();
        Map<TopicPartition, int[]> members = new ConcurrentHashMap<>();
        Map<TopicPartition, boolean[]> inWarmup = new ConcurrentHashMap<>();
        // The group's offsets are watched while the producer sends: watched only afterwards, every
        // record committed during the run would count as committed when the run ended.
        List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> warmupLags = java.util.Collections.synchronizedList(new ArrayList<>());
        var recorder = new LagRecorder(sentAt, members, inWarmup, lags, warmupLags);
        var sending = new java.util.concurrent.atomic.AtomicBoolean(true);
        var watcher =
            java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                  try {
                    awaitCommitted(topic, group, recorder, () -> !sending.get());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        double sendSeconds;
        try {
          sendSeconds = producePaced(topic, usage, rate, warmupRecords, sentAt, members, inWarmup);
        } finally {
          sending.set(false);
        }
        watcher.get();
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        long warmupMax = warmupLags.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf(
            "round %d lag at %,d usage records/s offered (%,.0f/s achieved, %d usage records after"
                + " %d s of warm-up, whose largest lag was %d ms; a member's lag is its Kafka"
                + " record's): p50 %d ms, p99 %d ms, max %d ms%n",
            round,
            rate,
            total / sendSeconds,
            sorted.length,
            warmup,
            warmupMax,
            pct(sorted, 0.50),
            pct(sorted, 0.99),
            sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
      }
    }
  }

  /**
   * {@code total} usage records over the sessions of a fresh marketplace, one stream each, as the
   * Kafka records to send: one per record ({@code --batch 1}) or each host's records in batches.
   */
  private List<Message> signedUsage(BrokerRows rows, int total) throws Exception {
    UUID customer = rows.account(UUID.randomUUID(), "customer");
    List<UUID> orderIds = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      orderIds.add(rows.order(UUID.randomUUID(), customer, eur("100000000.00")));
    }
    List<Session> list = new ArrayList<>();
    for (int h = 0; h < sessions / sessionsPerHost; h++) {
      UUID operator = rows.account(UUID.randomUUID(), "host-operator");
      Host host = rows.host(UUID.randomUUID(), operator, newKey());
      for (int k = 0; k < sessionsPerHost; k++) {
        list.add(
            rows.session(
                UUID.randomUUID(),
                "ag-" + UUID.randomUUID(),
                host,
                customer,
                orderIds.get(list.size() % orders),
                prices("1.20", "egress-gib", "0.05"),
                T0,
                openEnded(),
                eur("1000.00")));
      }
    }
    int perSession = (total + sessions - 1) / sessions;
    int hosts = sessions / sessionsPerHost;
    List<List<Message>> perHost = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      perHost.add(null);
    }
    IntStream.range(0, hosts)
        .parallel()
        .forEach(
            h -> {
              // The host's stream, tick by tick: record n of each of its sessions, then n + 1.
              List<Session> own = list.subList(h * sessionsPerHost, (h + 1) * sessionsPerHost);
              List<UsageRecord> stream = new ArrayList<>();
              List<Session> of = new ArrayList<>();
              for (int n = 1; n <= perSession; n++) {
                for (Session s : own) {
                  stream.add(
                      Usage.record(
                          s.agreement(),
                          n,
                          T0.plusSeconds(60L * (n - 1)),
                          T0.plusSeconds(60L * n),
                          new UsageQuantities(45, 60 * 2048, 10_000_000, 2_000_000, 60)));
                  of.add(s);
                }
              }
              List<Message> messages = new ArrayList<>();
              if (recordsPerMessage == 1) {
                for (int i = 0; i < stream.size(); i++) {
                  Session s = of.get(i);
                  messages.add(
                      new Message(
                          s.id().toString(), Usage.signed(stream.get(i), s.host().key()), 1));
                }
              } else {
                var key = own.get(0).host().key();
                for (int i = 0; i < stream.size(); i += recordsPerMessage) {
                  List<UsageRecord> members =
                      stream.subList(i, Math.min(stream.size(), i + recordsPerMessage));
                  messages.add(
                      new Message(
                          key.publicKey().fingerprint(),
                          Usage.signedBatch(members, key),
                          members.size()));
                }
              }
              perHost.set(h, messages);
            });
    // Interleaved across hosts, as many hosts metering at once would send them, until {@code
    // total} usage records.
    List<Message> out = new ArrayList<>();
    int records = 0;
    for (int n = 0; records < total; n++) {
      boolean any = false;
      for (int h = 0; h < hosts && records < total; h++) {
        if (n < perHost.get(h).size()) {
          Message m = perHost.get(h).get(n);
          out.add(m);
          records += m.members();
          any = true;
        }
      }
      if (!any) {
        break;
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

  private void produceAll(String topic, List<Message> usage) throws Exception {
    try (var producer = producer()) {
      for (Message m : usage) {
        producer.send(new ProducerRecord<>(topic, m.key(), m.value()));
      }
      producer.flush();
    }
  }

  /**
   * Sends at {@code rate} usage records per second, paced by sleeping; records each ack's time, its
   * Kafka record's member count and whether it was among the first {@code warmupRecords}.
   */
  private double producePaced(
      String topic,
      List<Message> usage,
      int rate,
      long warmupRecords,
      Map<TopicPartition, long[]> sentAt,
      Map<TopicPartition, int[]> members,
      Map<TopicPartition, boolean[]> inWarmup)
      throws Exception {
    for (int p = 0; p < PARTITIONS; p++) {
      long[] times = new long[usage.size() + 1];
      Arrays.fill(times, -1);
      sentAt.put(new TopicPartition(topic, p), times);
      members.put(new TopicPartition(topic, p), new int[usage.size() + 1]);
      inWarmup.put(new TopicPartition(topic, p), new boolean[usage.size() + 1]);
    }
    long start = System.nanoTime();
    long records = 0;
    try (var producer = producer()) {
      for (int i = 0; i < usage.size(); i++) {
        long due = start + (long) (records * 1e9 / rate);
        // Sleep, not spin, until due: a spinning producer took one of the machine's two cores
        // from billing for the whole lag run. Parking is good to ~0.1 ms, inside the per-ms pace.
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        Message m = usage.get(i);
        boolean warm = records < warmupRecords;
        records += m.members();
        producer.send(
            new ProducerRecord<>(topic, m.key(), m.value()),
            (meta, e) -> {
              if (e == null) {
                TopicPartition tp = new TopicPartition(meta.topic(), meta.partition());
                members.get(tp)[(int) meta.offset()] = m.members();
                inWarmup.get(tp)[(int) meta.offset()] = warm;
                sentAt.get(tp)[(int) meta.offset()] = System.currentTimeMillis();
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

  /**
   * Records each usage record's lag as the group's committed offsets pass its Kafka record: once
   * per member.
   */
  private record LagRecorder(
      Map<TopicPartition, long[]> sentAt,
      Map<TopicPartition, int[]> members,
      Map<TopicPartition, boolean[]> inWarmup,
      List<Long> lags,
      List<Long> warmupLags) {
    void passed(TopicPartition tp, long from, long to, long now) {
      long[] sent = sentAt.get(tp);
      int[] count = members.get(tp);
      boolean[] warm = inWarmup.get(tp);
      for (long o = from; o < to; o++) {
        if (sent != null && o < sent.length && sent[(int) o] > 0) {
          List<Long> into = warm[(int) o] ? warmupLags : lags;
          for (int m = 0; m < count[(int) o]; m++) {
            into.add(now - sent[(int) o]);
          }
        }
      }
    }
  }

  /**
   * Waits until the group committed to the end of the topic, once {@code sent} says all is sent.
   */
  private void awaitCommitted(
      String topic, String group, LagRecorder lag, java.util.function.BooleanSupplier sent)
      throws Exception {
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
        boolean allSent = sent.getAsBoolean();
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
        if (done && allSent && (lag == null || lag.lags().size() > 0)) {
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
