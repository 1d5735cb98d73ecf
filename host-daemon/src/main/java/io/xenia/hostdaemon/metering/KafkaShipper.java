package io.xenia.hostdaemon.metering;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.UsageBatch;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Ships spooled usage records to Kafka as {@link UsageBatch}es: every pending record of every
 * session (each session's in spool order), up to {@link #MAX_BATCH} to a batch, signed once with
 * the host key; key = the host's fingerprint (all of a host's batches share a partition and stay in
 * order), value = the batch envelope's canonical JSON. One signature per batch instead of per
 * record is what lets billing verify 10,000 records/s (docs/billing.md "Usage batches"). The spool
 * keeps the signed single records (the durable evidence); batches are built at ship time, so a
 * batch sent again after a failure may group records differently: billing recognises each member by
 * (session, sequence) and its body hash, whatever batch it came in.
 *
 * <p>Idempotent producer, {@code acks=all}. Batches are marked shipped strictly in the order they
 * were sent: after the broker acknowledged a batch and every earlier one of the pass, each session
 * in it is marked shipped up to its highest sequence in it; from the first batch not acknowledged
 * on, nothing is marked and everything is sent again on the next pass (at-least-once: billing
 * dedupes). While Kafka is down, passes fail and records wait in the spool. A spooled record that
 * names another host key than the daemon's (spooled before a key change) is shipped alone, as
 * spooled.
 */
public final class KafkaShipper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaShipper.class.getName());

  /** The most records in one batch (the protocol allows {@link UsageBatch#MAX_RECORDS}). */
  public static final int MAX_BATCH = 500;

  private final UsageSpool spool;
  private final Ed25519KeyPair hostKey;
  private final String topic;
  private final Duration deliveryTimeout;
  private final Producer<String, byte[]> producer;
  private final Object wakeLock = new Object();
  private boolean woken;
  private volatile boolean closed;
  private Thread thread;

  public KafkaShipper(
      UsageSpool spool,
      Ed25519KeyPair hostKey,
      String bootstrapServers,
      String topic,
      Duration deliveryTimeout) {
    this.spool = requireNonNull(spool, "spool is null");
    this.hostKey = requireNonNull(hostKey, "hostKey is null");
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

  /** One Kafka record to send: its key, its value and the spooled records it carries. */
  private record Shipment(String key, byte[] value, List<SpooledRecord> records) {}

  /**
   * Sends every pending record and waits for the acknowledgements.
   *
   * @return the number of records acknowledged (and marked shipped) in this pass
   */
  public int shipOnce() {
    List<Shipment> shipments = shipments(spool.pending());
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Shipment s : shipments) {
      try {
        sent.add(producer.send(new ProducerRecord<>(topic, s.key(), s.value())));
      } catch (RuntimeException ex) {
        // Kafka is unreachable: do not wait max.block.ms once per batch; the rest waits, in order.
        LOG.log(System.Logger.Level.WARNING, "cannot send usage records: " + ex.getMessage());
        break;
      }
    }
    int acked = 0;
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get(deliveryTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException ex) {
        LOG.log(
            System.Logger.Level.WARNING,
            "usage batch not acknowledged, its records and later ones kept in the spool: "
                + ex.getMessage());
        break;
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
      List<SpooledRecord> records = shipments.get(i).records();
      Map<String, Long> highest = new LinkedHashMap<>();
      for (SpooledRecord r : records) {
        highest.merge(r.sessionId(), r.sequence(), Math::max);
      }
      highest.forEach(spool::markShipped);
      acked += records.size();
    }
    return acked;
  }

  /**
   * The pending records cut into batches of up to {@link #MAX_BATCH}, sessions one after another,
   * each session's records in spool order; records of another host key alone, as spooled.
   */
  private List<Shipment> shipments(Map<String, List<SpooledRecord>> pending) {
    String host = hostKey.publicKey().fingerprint();
    List<Shipment> shipments = new ArrayList<>();
    List<SpooledRecord> spooled = new ArrayList<>();
    List<UsageRecord> members = new ArrayList<>();
    for (List<SpooledRecord> session : pending.values()) {
      for (SpooledRecord r : session) {
        UsageRecord record = UsageRecord.fromCanonical(r.envelope().bodyValue());
        if (!host.equals(record.hostId())) {
          shipments.add(batch(host, spooled, members));
          shipments.add(new Shipment(r.sessionId(), r.envelopeJson(), List.of(r)));
          spooled.clear();
          members.clear();
          continue;
        }
        spooled.add(r);
        members.add(record);
        if (members.size() == MAX_BATCH) {
          shipments.add(batch(host, spooled, members));
          spooled.clear();
          members.clear();
        }
      }
    }
    shipments.add(batch(host, spooled, members));
    shipments.removeIf(s -> s == null);
    return shipments;
  }

  /** The records as one signed batch, or null if there are none. */
  private Shipment batch(String host, List<SpooledRecord> spooled, List<UsageRecord> members) {
    if (members.isEmpty()) {
      return null;
    }
    UsageBatch batch = new UsageBatch(UsageBatch.VERSION, host, members);
    byte[] value = SignedEnvelope.sign(UsageBatch.TYPE, batch, hostKey).toJson();
    return new Shipment(host, value, List.copyOf(spooled));
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
