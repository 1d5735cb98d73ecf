package io.xenia.billing.charging;

import static java.util.Objects.requireNonNull;

/**
 * A record as it came off Kafka: where it was (topic, partition, offset: the dead letters' key) and
 * its bytes.
 */
public record Delivered(String topic, int partition, long offset, byte[] value) {
  public Delivered {
    requireNonNull(topic, "topic is null");
    value = value == null ? new byte[0] : value;
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
