package io.xenia.hostdaemon.metering;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ships spooled usage records to Kafka: key = session id (a session's records share a partition and
 * stay in order), value = the signed envelope's canonical JSON exactly as spooled. Idempotent
 * producer, {@code acks=all}. A record is marked shipped only after the broker acknowledged it and
 * every earlier record of its session; anything unacknowledged is sent again on the next pass, with
 * the same bytes (at-least-once: consumers dedupe on (session, sequence)). While Kafka is down,
 * passes fail and records wait in the spool.
 */
public final class KafkaShipper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaShipper.class.getName());

  private final UsageSpool spool;
  private final String topic;
  private final Duration deliveryTimeout;
  private final Producer<String, byte[]> producer;
  private final Object wakeLock = new Object();
  private boolean woken;
  private volatile boolean closed;
  private Thread thread;

  public KafkaShipper(
      UsageSpool spool, String bootstrapServers, String topic, Duration deliveryTimeout) {
    this.spool = requireNonNull(spool, "spool is null");
    this.topic = requireNonNull(topic, "topic is null");
    this.deliveryTimeout = requireNonNull(deliveryTimeout, "deliveryTimeout is null");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, requireNonNull(bootstrapServers));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    long ms = Math.max(2000, deliveryTimeout.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(ms / 2));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(ms));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(ms));
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "host-daemon-usage");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Sends every pending record and waits for the acknowledgements.
   *
   * @return the number of records acknowledged in this pass
   */
  public int shipOnce() {
    Map<String, List<SpooledRecord>> pending = spool.pending();
    Map<String, List<Future<RecordMetadata>>> sent = new java.util.LinkedHashMap<>();
    boolean sendFailed = false;
    for (Map.Entry<String, List<SpooledRecord>> e : pending.entrySet()) {
      if (sendFailed) {
        break; // Kafka is unreachable: do not wait max.block.ms once per session
      }
      List<Future<RecordMetadata>> fs = new ArrayList<>();
      for (SpooledRecord r : e.getValue()) {
        ProducerRecord<String, byte[]> pr =
            new ProducerRecord<>(topic, r.sessionId(), r.envelopeJson());
        pr.headers().add("sequence", Long.toString(r.sequence()).getBytes(UTF_8));
        try {
          fs.add(producer.send(pr));
        } catch (RuntimeException ex) {
          LOG.log(System.Logger.Level.WARNING, "cannot send usage records: " + ex.getMessage());
          sendFailed = true;
          break; // the rest of this session waits: it must stay in order
        }
      }
      sent.put(e.getKey(), fs);
    }
    int acked = 0;
    for (Map.Entry<String, List<Future<RecordMetadata>>> e : sent.entrySet()) {
      List<SpooledRecord> records = pending.get(e.getKey());
      long last = 0;
      int i = 0;
      for (Future<RecordMetadata> f : e.getValue()) {
        try {
          f.get(deliveryTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException ex) {
          LOG.log(
              System.Logger.Level.WARNING,
              "usage record not acknowledged, kept in the spool: " + ex.getMessage());
          break;
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          break;
        }
        last = records.get(i++).sequence();
      }
      if (last > 0) {
        spool.markShipped(e.getKey(), last);
        acked += i;
      }
    }
    return acked;
  }

  /** Ships on a thread of its own: after every {@link #wake()} and at least every {@code poll}. */
  public synchronized void start(Duration poll) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread =
        new Thread(
            () -> {
              while (!closed) {
                try {
                  shipOnce();
                } catch (RuntimeException e) {
                  LOG.log(System.Logger.Level.WARNING, "usage shipping failed; retrying", e);
                }
                synchronized (wakeLock) {
                  if (!woken && !closed) {
                    try {
                      wakeLock.wait(poll.toMillis());
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                  woken = false;
                }
              }
            },
            "usage-shipper");
    thread.setDaemon(true);
    thread.start();
  }

  /** Ships soon (new records were spooled). */
  public void wake() {
    synchronized (wakeLock) {
      woken = true;
      wakeLock.notifyAll();
    }
  }

  /** Stops shipping; unshipped records stay in the spool for the next start. */
  @Override
  public void close() {
    closed = true;
    wake();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(deliveryTimeout.toMillis() + 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close(Duration.ofSeconds(5));
  }
}
