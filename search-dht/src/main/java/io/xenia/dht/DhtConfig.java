package io.xenia.dht;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A node's tunables, each a declared key with a unit in its name, a default and a doc string
 * ({@link #KEYS}, rendered into docs/search-dht.md), in the manner of Kafka's {@code ConfigDef}.
 *
 * @param k bucket size and replication factor
 * @param alpha parallel requests per lookup
 * @param rpcTimeoutMillis how long a request waits for its response before a retry
 * @param rpcRetries retries after the first attempt before a peer counts as failed
 * @param refreshIntervalMillis a bucket with no activity for this long is refreshed by a lookup
 * @param republishIntervalMillis an owner re-stores its entries this often (and always before their
 *     expiry)
 * @param replicateIntervalMillis a storing node re-replicates the locations it holds this often
 * @param expirySweepIntervalMillis how often expired entries are dropped from memory
 * @param maxEntries entries a node stores at most; further stores are refused as too large
 * @param maxTtlMillis the longest lifetime a node accepts for an entry
 */
public record DhtConfig(
    int k,
    int alpha,
    long rpcTimeoutMillis,
    int rpcRetries,
    long refreshIntervalMillis,
    long republishIntervalMillis,
    long replicateIntervalMillis,
    long expirySweepIntervalMillis,
    int maxEntries,
    long maxTtlMillis) {

  /** One declared configuration key. */
  public record Key(String name, String defaultValue, String doc) {}

  /** Every key, its default and what it means. */
  public static final List<Key> KEYS =
      List.of(
          new Key("dht.k", "20", "Bucket size and replication factor."),
          new Key("dht.alpha", "3", "Parallel requests per iterative lookup."),
          new Key("dht.rpc.timeout.ms", "500", "Wait for a response before retrying."),
          new Key("dht.rpc.retries", "1", "Retries before a peer counts as failed."),
          new Key("dht.refresh.interval.ms", "3600000", "Refresh buckets idle this long."),
          new Key("dht.republish.interval.ms", "1800000", "Owners re-store their entries."),
          new Key("dht.replicate.interval.ms", "3600000", "Storers re-replicate held entries."),
          new Key("dht.expiry.sweep.interval.ms", "10000", "Drop expired entries this often."),
          new Key("dht.store.max.entries", "1000000", "Entries a node stores at most."),
          new Key("dht.store.max.ttl.ms", "2592000000", "Longest entry lifetime accepted."));

  /** Validates ranges. */
  public DhtConfig {
    positive(k, "dht.k");
    positive(alpha, "dht.alpha");
    positive(rpcTimeoutMillis, "dht.rpc.timeout.ms");
    if (rpcRetries < 0) {
      throw new IllegalArgumentException("dht.rpc.retries must not be negative");
    }
    positive(refreshIntervalMillis, "dht.refresh.interval.ms");
    positive(republishIntervalMillis, "dht.republish.interval.ms");
    positive(replicateIntervalMillis, "dht.replicate.interval.ms");
    positive(expirySweepIntervalMillis, "dht.expiry.sweep.interval.ms");
    positive(maxEntries, "dht.store.max.entries");
    positive(maxTtlMillis, "dht.store.max.ttl.ms");
  }

  /** Every key at its default. */
  public static DhtConfig defaults() {
    return from(Map.of());
  }

  /**
   * The configuration from {@code dht.*} properties; absent keys take their defaults.
   *
   * @throws IllegalArgumentException naming an unknown key or a bad value
   */
  public static DhtConfig from(Map<String, String> properties) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Key key : KEYS) {
      values.put(key.name(), key.defaultValue());
    }
    properties.forEach(
        (name, value) -> {
          if (name.startsWith("dht.") && !values.containsKey(name)) {
            throw new IllegalArgumentException("unknown DHT configuration key " + name);
          }
          if (values.containsKey(name)) {
            values.put(name, value);
          }
        });
    Function<String, Long> number =
        name -> {
          try {
            return Long.parseLong(values.get(name).trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number", e);
          }
        };
    return new DhtConfig(
        Math.toIntExact(number.apply("dht.k")),
        Math.toIntExact(number.apply("dht.alpha")),
        number.apply("dht.rpc.timeout.ms"),
        Math.toIntExact(number.apply("dht.rpc.retries")),
        number.apply("dht.refresh.interval.ms"),
        number.apply("dht.republish.interval.ms"),
        number.apply("dht.replicate.interval.ms"),
        number.apply("dht.expiry.sweep.interval.ms"),
        Math.toIntExact(number.apply("dht.store.max.entries")),
        number.apply("dht.store.max.ttl.ms"));
  }

  /** A copy with a different RPC timeout (simulations and tests tune this most). */
  public DhtConfig withRpcTimeoutMillis(long millis) {
    return new DhtConfig(
        k,
        alpha,
        millis,
        rpcRetries,
        refreshIntervalMillis,
        republishIntervalMillis,
        replicateIntervalMillis,
        expirySweepIntervalMillis,
        maxEntries,
        maxTtlMillis);
  }

  private static void positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }
}
