package io.xenia.billing.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.xenia.billing.charging.BatchResult;
import io.xenia.billing.charging.DeadLetter;
import io.xenia.billing.charging.UsageBilling;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads usage.v1 and charges it on a thread of its own, group by group.
 *
 * <p>Group commit: while the charger thread charges one group in PostgreSQL, the consumer thread
 * goes on polling and the verifier threads open what it polled; when the charger is free, all that
 * was polled meanwhile is the next group. Caught up, a group is a poll's worth and a record waits
 * for about one transaction; behind, groups grow (up to {@code maxBatch} Kafka records or {@link
 * #MAX_PENDING_BYTES}, then the consumer pauses its partitions) and each transaction carries more,
 * so billing catches up faster the further it is behind.
 *
 * <p>Exactly once in effect: a group's offsets are committed only after its charges committed in
 * PostgreSQL and its dead letters were acknowledged by Kafka. A crash anywhere before the offset
 * commit delivers the group again, and the database's (session, sequence) key makes the second
 * charge a no-op. {@code read_committed}, so records of aborted producer transactions never count.
 * A group that fails (the database away) is read again from its first offsets after a back-off,
 * with everything polled after it. Before partitions are taken away (a rebalance), the group in
 * flight is finished and committed, so their new owner does not charge it again.
 */
public final class UsageConsumer implements AutoCloseable {
  /**
   * The most bytes of records polled ahead while a group is being charged: bounds memory when
   * billing is far behind and Kafka records are large usage-batches (16 MiB is roughly 25,000 usage
   * records).
   */
  static final long MAX_PENDING_BYTES = 16L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(UsageConsumer.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /**
   * How long a poll waits while a group is being charged: the charger's end is noticed at the next
   * poll, so this is the most a finished group waits for its offset commit and the next group's
   * hand-off.
   */
  private static final Duration BUSY_POLL = Duration.ofMillis(5);

  private final ConsumerSettings settings;
  private final UsageBilling billing;
  private final DeadLetterPublisher deadLetters;
  private final MeterRegistry meters;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ExecutorService charger;
  private volatile boolean closed;
  private Thread thread;

  // Touched by the consumer thread only (the rebalance listener runs on it, inside poll).
  private ChargeGroup polled = new ChargeGroup();
  private InFlight inFlight;

  /** A group handed to the charger and its outcome. */
  private record InFlight(ChargeGroup group, Future<BatchResult> result) {}

  public UsageConsumer(
      ConsumerSettings settings,
      UsageBilling billing,
      DeadLetterPublisher deadLetters,
      MeterRegistry meters) {
    this.settings = settings;
    this.billing = billing;
    this.deadLetters = deadLetters;
    this.meters = meters;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxBatch()));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "xenia-billing-usage");
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    long timeout = settings.sessionTimeout().toMillis();
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(timeout));
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, timeout / 3)));
    settings.instanceId().ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.charger =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "usage-charger");
              t.setDaemon(true);
              return t;
            });
  }

  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    consumer.subscribe(List.of(settings.usageTopic()), new FinishBeforeRevoke());
    thread = new Thread(this::run, "usage-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed) {
      try {
        settle(false);
        if (inFlight == null && !polled.isEmpty()) {
          handOff();
        }
        holdBackWhenFull();
        ConsumerRecords<String, byte[]> records =
            consumer.poll(inFlight == null ? IDLE_POLL : BUSY_POLL);
        if (!records.isEmpty()) {
          polled.add(records, billing);
        }
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warn("cannot read {}: {}", settings.usageTopic(), e.toString());
        pause();
      }
    }
    try {
      settle(true); // a group charged while closing is committed, not charged again next time
    } catch (WakeupException e) {
      // settle committed the offsets once more after the wakeup (or logged why not)
    } catch (RuntimeException e) {
      LOG.warn("cannot commit the last group's offsets; it will be read again: {}", e.toString());
    }
    consumer.close(Duration.ofSeconds(5));
    charger.shutdownNow();
  }

  /** Hands what was polled to the charger; polling goes on into a new group. */
  private void handOff() {
    ChargeGroup group = polled;
    polled = new ChargeGroup();
    meters.summary("billing.group.records").record(group.records());
    Future<BatchResult> result =
        charger.submit(
            () -> {
              long started = System.nanoTime();
              BatchResult r = billing.bill(group.prepared(), settings.maxBatch());
              deadLetters.publish(r.deadLetters());
              meters.timer("billing.batch").record(Duration.ofNanos(System.nanoTime() - started));
              return r;
            });
    inFlight = new InFlight(group, result);
  }

  /** Pauses fetching while the next group is full, resumes once it was handed off. */
  private void holdBackWhenFull() {
    boolean full = polled.records() >= settings.maxBatch() || polled.bytes() >= MAX_PENDING_BYTES;
    if (full) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /**
   * Once the group in flight is done ({@code wait}: waits for it), commits its offsets; if it
   * failed, reads it again, with everything polled after it, after a back-off.
   */
  private void settle(boolean wait) {
    InFlight done = inFlight;
    if (done == null || (!wait && !done.result().isDone())) {
      return;
    }
    inFlight = null;
    BatchResult result;
    try {
      result = done.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
      return;
    } catch (ExecutionException e) {
      LOG.warn(
          "a group of {} usage records failed; reading it again",
          done.group().records(),
          e.getCause());
      meters.counter("billing.batches.failed").increment();
      rewind(done.group());
      pause();
      return;
    }
    // Counted before the offsets are committed: the charges stand once their transaction
    // committed, whatever becomes of the offsets.
    count(result);
    try {
      consumer.commitSync(done.group().nextOffsets());
    } catch (WakeupException e) {
      // close() woke the consumer. The wakeup is spent now, so the offsets can still be
      // committed, sparing the next owner of these partitions a group of replays.
      commitQuietly(done.group());
      throw e;
    } catch (KafkaException e) {
      // The charges stand; the next commit covers these offsets, and a crash before it brings
      // the group's records back as replays.
      LOG.warn("cannot commit the offsets of a charged group: {}", e.toString());
    }
  }

  private void commitQuietly(ChargeGroup group) {
    try {
      consumer.commitSync(group.nextOffsets());
    } catch (KafkaException e) {
      LOG.warn("cannot commit the offsets of a charged group: {}", e.toString());
    }
  }

  private void count(BatchResult result) {
    meters.counter("billing.records", "outcome", "charged").increment(result.charged());
    meters.counter("billing.records", "outcome", "replay").increment(result.replays());
    meters
        .counter("billing.records", "outcome", "dead-letter")
        .increment(result.deadLetters().size());
    meters.counter("billing.overruns").increment(result.overruns());
    for (DeadLetter d : result.deadLetters()) {
      meters.counter("billing.dead.letters", "reason", d.reason().slug()).increment();
    }
  }

  /**
   * Sends each partition back to the first offset of {@code failed} on it, or of the records polled
   * after it, and drops those: all is read again.
   */
  private void rewind(ChargeGroup failed) {
    Map<TopicPartition, Long> from = new HashMap<>(polled.firstOffsets());
    from.putAll(failed.firstOffsets()); // polled before the rest: earlier
    polled = new ChargeGroup();
    from.forEach(
        (tp, offset) -> {
          try {
            consumer.seek(tp, offset);
          } catch (IllegalStateException e) {
            // No longer ours (a rebalance): its new owner reads from the last commit.
          }
        });
  }

  /**
   * Before partitions go (a rebalance, or closing), finishes and commits the group in flight and
   * drops what was polled after it, sending the partitions that stay back to it. When they were
   * lost instead, nothing can be committed: their new owner reads from the last commit.
   */
  private final class FinishBeforeRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      settle(true);
      rewind(new ChargeGroup());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      InFlight lost = inFlight;
      inFlight = null;
      if (lost != null) {
        try {
          lost.result().get(); // not two groups charging at once; its outcome no longer matters
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
          // Read again by the partitions' new owner from the last commit.
        }
      }
      rewind(new ChargeGroup());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
  }

  private void pause() {
    try {
      Thread.sleep(settings.retryBackoff().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      consumer.close(Duration.ofSeconds(5));
      charger.shutdownNow();
    }
  }
}
