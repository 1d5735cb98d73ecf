package io.xenia.billing.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.xenia.billing.charging.BatchResult;
import io.xenia.billing.charging.DeadLetter;
import io.xenia.billing.charging.Delivered;
import io.xenia.billing.charging.UsageBilling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads usage.v1 and charges it, batch by batch, on a thread of its own.
 *
 * <p>Exactly once in effect: a batch's offsets are committed only after its charges committed in
 * PostgreSQL and its dead letters were acknowledged by Kafka. A crash anywhere before the offset
 * commit delivers the batch again, and the database's (session, sequence) key makes the second
 * charge a no-op. {@code read_committed}, so records of aborted producer transactions never count.
 * A batch that fails (the database away) is read again from its first offset after a back-off.
 */
public final class UsageConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UsageConsumer.class);

  private final ConsumerSettings settings;
  private final UsageBilling billing;
  private final DeadLetterPublisher deadLetters;
  private final MeterRegistry meters;
  private final KafkaConsumer<String, byte[]> consumer;
  private volatile boolean closed;
  private Thread thread;

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
  }

  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    consumer.subscribe(List.of(settings.usageTopic()));
    thread = new Thread(this::run, "usage-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Polls, and while the database charges one batch the verifier threads open the next: polled with
   * no wait while a batch is pending, so the two overlap. A failed batch sends every partition back
   * to its first offset and drops the batch polled after it (read again after it).
   */
  private void run() {
    Pending pending = null;
    while (!closed) {
      ConsumerRecords<String, byte[]> records;
      try {
        records = consumer.poll(pending == null ? Duration.ofMillis(200) : Duration.ZERO);
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warn("cannot read {}: {}", settings.usageTopic(), e.toString());
        pause();
        continue;
      }
      Pending next =
          records.isEmpty() ? null : new Pending(records, billing.prepare(delivered(records)));
      if (pending != null) {
        try {
          finish(pending);
        } catch (WakeupException e) {
          break;
        } catch (RuntimeException e) {
          LOG.warn(
              "a batch of {} usage records failed; reading it again", pending.records.count(), e);
          meters.counter("billing.batches.failed").increment();
          rewind(pending.records);
          next = null; // polled past the failed batch: read again after it
          pause();
        }
      }
      pending = next;
    }
    consumer.close(Duration.ofSeconds(5));
  }

  /** A polled batch and its records being verified. */
  private record Pending(ConsumerRecords<String, byte[]> records, UsageBilling.Prepared prepared) {}

  private static List<Delivered> delivered(ConsumerRecords<String, byte[]> records) {
    List<Delivered> batch = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> r : records) {
      batch.add(new Delivered(r.topic(), r.partition(), r.offset(), r.value()));
    }
    return batch;
  }

  private void finish(Pending pending) {
    long started = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : pending.records) {
      next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    BatchResult result = billing.bill(pending.prepared);
    deadLetters.publish(result.deadLetters());
    consumer.commitSync(next);
    meters.counter("billing.records", "outcome", "charged").increment(result.charged());
    meters.counter("billing.records", "outcome", "replay").increment(result.replays());
    meters
        .counter("billing.records", "outcome", "dead-letter")
        .increment(result.deadLetters().size());
    meters.counter("billing.overruns").increment(result.overruns());
    for (DeadLetter d : result.deadLetters()) {
      meters.counter("billing.dead.letters", "reason", d.reason().slug()).increment();
    }
    meters.timer("billing.batch").record(Duration.ofNanos(System.nanoTime() - started));
  }

  /** Sends each partition of a failed batch back to the batch's first offset on it. */
  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> of = records.records(tp);
      if (!of.isEmpty()) {
        try {
          consumer.seek(tp, of.get(0).offset());
        } catch (IllegalStateException e) {
          // No longer ours (a rebalance): its new owner reads from the last commit.
        }
      }
    }
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
    }
  }
}
