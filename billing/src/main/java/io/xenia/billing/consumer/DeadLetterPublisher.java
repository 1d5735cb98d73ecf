package io.xenia.billing.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.xenia.billing.charging.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes dead letters to {@code usage.dead-letters.v1}: the Kafka record's bytes as received (a
 * whole batch, for a member of one), keyed by the session it claims, with headers {@code reason},
 * {@code detail}, {@code source-topic}, {@code source-partition}, {@code source-offset} and {@code
 * source-index} (0, or the member's index in a batch). Waits for the acknowledgements, so the
 * consumer commits its offsets only after the dead letters are durable. At least once: a batch read
 * again publishes its dead letters again; {@code billing.dead_letter} counts each record once.
 */
public final class DeadLetterPublisher implements AutoCloseable {
  private final String topic;
  private final Producer<String, byte[]> producer;

  public DeadLetterPublisher(String bootstrapServers, String topic) {
    this.topic = topic;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "xenia-billing-dead-letters");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends each and waits until all are acknowledged. */
  public void publish(List<DeadLetter> deadLetters) {
    List<Future<?>> sent = new ArrayList<>();
    for (DeadLetter d : deadLetters) {
      var record =
          new ProducerRecord<String, byte[]>(topic, d.sessionId().orElse(null), d.source().value());
      record.headers().add("reason", d.reason().slug().getBytes(UTF_8));
      record.headers().add("detail", d.detail().getBytes(UTF_8));
      record.headers().add("source-topic", d.source().topic().getBytes(UTF_8));
      record
          .headers()
          .add("source-partition", Integer.toString(d.source().partition()).getBytes(UTF_8));
      record.headers().add("source-offset", Long.toString(d.source().offset()).getBytes(UTF_8));
      record.headers().add("source-index", Integer.toString(d.sourceIndex()).getBytes(UTF_8));
      sent.add(producer.send(record));
    }
    for (Future<?> f : sent) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing dead letters", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot publish dead letters", e.getCause());
      }
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
