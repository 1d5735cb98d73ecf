package io.xenia.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KafkaServerTest {

  private static final KafkaServer KAFKA = KafkaServer.shared();

  @Test
  void anIdempotentProducerAndAConsumerGroupExchangeRecords() throws Exception {
    String topic = "orders-idempotent";
    KAFKA.createTopic(topic, 3);

    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      for (int i = 0; i < 30; i++) {
        producer.send(new ProducerRecord<>(topic, "machine-" + (i % 5), "lease-" + i));
      }
      producer.flush();
    }

    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("billing", Map.of())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < 30 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      consumer.commitSync();
    }
    assertEquals(30, values.size());
    assertTrue(values.containsAll(IntStream.range(0, 30).mapToObj(i -> "lease-" + i).toList()));

    try (Admin admin = Admin.create(adminConfig())) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get();
      assertEquals(3, committed.size());
      assertEquals(30, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
    }
  }

  @Test
  void aReadCommittedConsumerSeesOnlyCommittedTransactions() {
    String topic = "ledger-transactional";
    KAFKA.createTopic(topic, 1);

    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ledger-writer"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
      producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
      producer.commitTransaction();
    }

    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        consumer(
            "ledger-reader", Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < 3 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      // Anything after the last commit would show up by now.
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
    }
    assertEquals(List.of("committed-1", "committed-2", "committed-3"), values);
  }

  @Test
  void theSharedBrokerIsOnePerJvmOnLoopbackWithAutomaticTopicCreationOff() throws Exception {
    assertSame(KAFKA, KafkaServer.shared());
    assertTrue(KAFKA.bootstrapServers().startsWith("127.0.0.1:"));
    KAFKA.close(); // a no-op on the shared broker
    assertTrue(KAFKA.process().isAlive());
    KAFKA.createTopic("orders-idempotent", 3); // existing: no error

    try (Admin admin = Admin.create(adminConfig())) {
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
      assertEquals("false", config.get("auto.create.topics.enable").value());
      assertEquals(KAFKA.clusterId(), admin.describeCluster().clusterId().get());
    }
  }

  static KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.putAll(extra);
    return new KafkaProducer<>(p);
  }

  static KafkaConsumer<String, String> consumer(String group, Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.putAll(extra);
    return new KafkaConsumer<>(p);
  }

  static Map<String, Object> adminConfig() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
  }
}
