package io.xenia.dht.index;

import io.xenia.dht.DhtKey;
import io.xenia.dht.NodeId;
import java.util.Currency;

/**
 * Where index entries live in the DHT. A bucket is one location, {@code SHA-256("xenia-index/v1/" +
 * currency + "/" + dimension + "/" + bucket)}, so its k holders summarise it in one digest; every
 * entry of the index shares one domain key; an offer's content key is {@code SHA-256(hostId + "/" +
 * machineId)}, the same in every bucket, which is what lets Bloom filters of different dimensions
 * be intersected. A host's records live at {@code SHA-256("xenia-index/v1/host/" + hostId)}: its
 * coordinate (content {@code "coordinate"}) and, per machine, the last ad it filed (content {@code
 * "machine/" + currency + "/" + machineId}), which tells a publisher that lost its memory which
 * buckets to vacate.
 */
final class IndexKeys {
  static final NodeId DOMAIN = DhtKey.hash("xenia-index/v1");
  static final NodeId COORDINATE = DhtKey.hash("coordinate");

  private final String prefix;
  private final String currency;

  IndexKeys(Currency currency) {
    this.currency = currency.getCurrencyCode();
    this.prefix = "xenia-index/v1/" + this.currency + "/";
  }

  /** The key of the last ad a host filed for a machine in this index. */
  DhtKey machine(String hostId, String machineId) {
    return new DhtKey(
        hostLocation(hostId), DOMAIN, DhtKey.hash("machine/" + currency + "/" + machineId));
  }

  private static NodeId hostLocation(String hostId) {
    return DhtKey.hash("xenia-index/v1/host/" + hostId);
  }

  /** The location of one bucket of one dimension. */
  NodeId bucket(Dimension dimension, int bucket) {
    return DhtKey.hash(prefix + dimension.name().toLowerCase() + "/" + bucket);
  }

  /** The full key of an offer's entry in a bucket. */
  DhtKey entry(Dimension dimension, int bucket, String machineKey) {
    return new DhtKey(bucket(dimension, bucket), DOMAIN, content(machineKey));
  }

  /** The content key of an offer, shared by all its bucket entries. */
  static NodeId content(String machineKey) {
    return DhtKey.hash(machineKey);
  }

  /** The key of a host's coordinate record. */
  static DhtKey coordinate(String hostId) {
    return new DhtKey(hostLocation(hostId), DOMAIN, COORDINATE);
  }

  /** {@code hostId/machineId}. */
  static String machineKey(String hostId, String machineId) {
    return hostId + "/" + machineId;
  }
}
