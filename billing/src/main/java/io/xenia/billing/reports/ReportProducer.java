package io.xenia.billing.reports;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer of {@code billing.reports.v1}: idempotent (Kafka drops its own retried duplicates)
 * with {@code acks=all} (acknowledged only once every in-sync replica has the record).
 */
public final class ReportProducer {
  private ReportProducer() {}

  /**
   * @param deliveryTimeout how long one send may take, retries included, before it fails and the
   *     relay retries it on its next pass
   */
  public static KafkaProducer<byte[], byte[]> create(
      String bootstrapServers, Duration deliveryTimeout) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "xenia-billing-reports");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    long ms = deliveryTimeout.toMillis();
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ms);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, ms / 2));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A report is one record of a few kilobytes to a few megabytes (top lists are bounded).
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
