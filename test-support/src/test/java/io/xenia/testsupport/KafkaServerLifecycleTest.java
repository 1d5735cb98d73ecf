package io.xenia.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers of their own (not the shared one): restarts, data that survives them, and no process left
 * behind.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KafkaServerLifecycleTest {

  @Test
  void aRestartOnAPersistentDirectoryKeepsClusterIdAndTopicData(@TempDir Path dir) {
    String clusterId;
    ProcessHandle firstBroker;
    try (KafkaServer kafka = KafkaServer.builder().dataDirectory(dir).start()) {
      clusterId = kafka.clusterId();
      firstBroker = kafka.process();
      kafka.createTopic("machines", 1);
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        for (int i = 0; i < 5; i++) {
          producer.send(new ProducerRecord<>("machines", "m" + i, "v" + i));
        }
      }
    }
    assertFalse(firstBroker.isAlive());
    assertTrue(Files.exists(dir.resolve("kraft-logs/meta.properties")), "data is kept");

    try (KafkaServer kafka = KafkaServer.builder().dataDirectory(dir).start()) {
      assertEquals(clusterId, kafka.clusterId());
      assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), readAll(kafka, "machines", 5));
      assertTrue(Files.exists(dir.resolve("broker.log.1")), "the previous run's log is kept");
    }
  }

  @Test
  void closeStopsTheBrokerAndLeavesNoChildProcessOrFiles() {
    KafkaServer kafka = KafkaServer.builder().start();
    ProcessHandle broker = kafka.process();
    Path dir = kafka.dataDirectory();
    assertTrue(ProcessHandle.current().children().anyMatch(p -> p.pid() == broker.pid()));

    kafka.close();

    assertFalse(broker.isAlive());
    assertTrue(
        ProcessHandle.current().descendants().noneMatch(p -> p.pid() == broker.pid()),
        "no child process left");
    assertFalse(Files.exists(dir), "the temporary directory is deleted");
    assertFalse(Loopback.accepts(kafka.port()));
    kafka.close(); // idempotent
  }

  @Test
  void aBrokerThatCannotStartFailsWithTheTailOfItsLog() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> KafkaServer.builder().brokerProperty("num.io.threads", "many").start());
    assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
    assertTrue(e.getMessage().contains("num.io.threads"), e.getMessage());
  }

  @Test
  void theBrokerAndControllerPortsMustDiffer() {
    assertThrows(
        IllegalArgumentException.class,
        () -> KafkaServer.builder().port(40000).controllerPort(40000).start());
  }

  private static KafkaProducer<String, String> producer(KafkaServer kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(p);
  }

  private static List<String> readAll(KafkaServer kafka, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }
}
