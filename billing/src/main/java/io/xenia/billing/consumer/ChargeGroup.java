package io.xenia.billing.consumer;

import io.xenia.billing.charging.Delivered;
import io.xenia.billing.charging.UsageBilling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka records polled since the last hand-off to the charger, being verified: charged
 * together, and their offsets committed together once charged. Owned by the consumer thread until
 * handed off.
 */
final class ChargeGroup {
  private final List<UsageBilling.Prepared> prepared = new ArrayList<>();
  private final Map<TopicPartition, Long> first = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
  private int records;
  private long bytes;

  /** Adds a poll's records and starts verifying them. */
  void add(ConsumerRecords<String, byte[]> polled, UsageBilling billing) {
    List<Delivered> delivered = new ArrayList<>(polled.count());
    for (ConsumerRecord<String, byte[]> r : polled) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      first.putIfAbsent(tp, r.offset());
      next.put(tp, new OffsetAndMetadata(r.offset() + 1));
      delivered.add(new Delivered(r.topic(), r.partition(), r.offset(), r.value()));
      bytes += Math.max(0, r.serializedValueSize());
    }
    records += delivered.size();
    prepared.add(billing.prepare(delivered));
  }

  boolean isEmpty() {
    return records == 0;
  }

  /** Kafka records in the group (a usage-batch is one). */
  int records() {
    return records;
  }

  /** Bytes of the group's record values. */
  long bytes() {
    return bytes;
  }

  List<UsageBilling.Prepared> prepared() {
    return prepared;
  }

  /** The offsets to commit once the group is charged: one past its last record, per partition. */
  Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
    return next;
  }

  /** The offsets to read the group again from: its first record, per partition. */
  Map<TopicPartition, Long> firstOffsets() {
    return first;
  }
}
