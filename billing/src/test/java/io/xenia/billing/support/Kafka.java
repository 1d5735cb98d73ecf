package io.xenia.billing.support;

import io.xenia.testsupport.KafkaServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing usage records and reading dead letters on the real Kafka of the tests. */
public final class Kafka {
  private Kafka() {}

  /**
   * Sends each value keyed by {@code key}, in order, and waits for the acknowledgements. A send
   * that is not acknowledged within 30 s is tried again (twice): the tests only ever produce usage,
   * which billing charges once however often it arrives. A final failure names the cause and
   * carries the tail of the broker's log, as a stalled broker is otherwise hard to see in CI.
   */
  public static void produce(KafkaServer kafka, String topic, String key, List<byte[]> values) {
    Exception last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        send(kafka, topic, key, values);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted producing to " + topic, e);
      }
    }
    throw new IllegalStateException(
        "cannot produce to " + topic + ": " + last.getCause() + "\n" + brokerLogTail(kafka), last);
  }

  private static void send(KafkaServer kafka, String topic, String key, List<byte[]> values)
      throws java.util.concurrent.ExecutionException, InterruptedException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "25000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (byte[] v : values) {
        sent.add(producer.send(new ProducerRecord<>(topic, key, v)));
      }
      for (var f : sent) {
        f.get();
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      // max.block.ms ran out waiting for metadata: thrown by send itself.
      throw new java.util.concurrent.ExecutionException(e);
    }
  }

  private static String brokerLogTail(KafkaServer kafka) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(kafka.logFile());
      return "broker log ("
          + kafka.logFile()
          + "), last lines:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (java.io.IOException | RuntimeException e) {
      return "(broker log unreadable: " + e + ")";
    }
  }

  /** Reads {@code topic} from the start until {@code count} records came or {@code wait} passed. */
  public static List<ConsumerRecord<String, byte[]>> read(
      KafkaServer kafka, String topic, int count, Duration wait) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + wait.toNanos();
      while (got.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    return got;
  }

  public static String header(ConsumerRecord<?, ?> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
