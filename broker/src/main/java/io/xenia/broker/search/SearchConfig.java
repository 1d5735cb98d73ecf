package io.xenia.broker.search;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.convert.format.MapFormat.MapTransformation;
import io.micronaut.core.naming.conventions.StringConvention;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The broker's embedded search-dht node, {@code xenia.search.*} (every key, default and environment
 * variable is listed in docs/operations.md, "Search network (DHT)").
 *
 * <p>The compact constructor checks what it can without touching the file system, so a bad value
 * fails the start naming its key; the key files are checked when the node starts ({@link
 * SearchKeys}) and the {@code dht} map against {@code DhtConfig.KEYS} ({@link DhtSettings}).
 *
 * @param enabled whether this broker runs a DHT node at all
 * @param bind host:port for UDP and TCP; port 0 picks a free one
 * @param seeds host:port of nodes to join through; empty for the first node of a network
 * @param nodeKeyFile this node's Ed25519 private key (PKCS#8 PEM), created with mode 0600 if absent
 * @param caKeyFile the platform CA's Ed25519 private key, which signs membership certificates;
 *     created with mode 0600 if absent. Every broker of one network needs the same CA key.
 * @param openMembership admit peers without certificates (tests only)
 * @param certificateValidity how long the certificates this broker issues are valid
 * @param joinRetryMinBackoff the first wait after a failed join
 * @param joinRetryMaxBackoff the longest wait between join attempts
 * @param dht {@code dht.*} tunables without the {@code dht.} prefix (e.g. {@code rpc.timeout.ms})
 */
@ConfigurationProperties("xenia.search")
public record SearchConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "127.0.0.1:0") String bind,
    @Nullable List<String> seeds,
    @Nullable String nodeKeyFile,
    @Nullable String caKeyFile,
    @Bindable(defaultValue = "false") boolean openMembership,
    @Bindable(defaultValue = "30d") Duration certificateValidity,
    @Bindable(defaultValue = "1s") Duration joinRetryMinBackoff,
    @Bindable(defaultValue = "60s") Duration joinRetryMaxBackoff,
    @Nullable @MapFormat(transformation = MapTransformation.FLAT, keyFormat = StringConvention.RAW)
        Map<String, String> dht) {

  /** Normalises absent lists and maps and checks addresses and durations. */
  public SearchConfig {
    seeds = seeds == null ? List.of() : List.copyOf(seeds);
    dht = dht == null ? Map.of() : Map.copyOf(dht);
    if (enabled) {
      HostPorts.parse(bind, "xenia.search.bind");
      seeds.forEach(seed -> HostPorts.parse(seed, "xenia.search.seeds"));
      positive(certificateValidity, "xenia.search.certificate-validity");
      positive(joinRetryMinBackoff, "xenia.search.join-retry-min-backoff");
      positive(joinRetryMaxBackoff, "xenia.search.join-retry-max-backoff");
      if (joinRetryMaxBackoff.compareTo(joinRetryMinBackoff) < 0) {
        throw new ConfigurationException(
            "xenia.search.join-retry-max-backoff ("
                + joinRetryMaxBackoff
                + ") must not be shorter than xenia.search.join-retry-min-backoff ("
                + joinRetryMinBackoff
                + ")");
      }
    }
  }

  /** Where the node binds. */
  public InetSocketAddress bindAddress() {
    return HostPorts.parse(bind, "xenia.search.bind");
  }

  /** The seeds as addresses. */
  public List<InetSocketAddress> seedAddresses() {
    return seeds.stream().map(seed -> HostPorts.parse(seed, "xenia.search.seeds")).toList();
  }

  /** The node key file; a start-up error naming the key (and its variable) when absent. */
  public Path nodeKeyPath() {
    return required(nodeKeyFile, "xenia.search.node-key-file", "XENIA_SEARCH_NODE_KEY_FILE");
  }

  /** The CA key file; a start-up error naming the key (and its variable) when absent. */
  public Path caKeyPath() {
    return required(caKeyFile, "xenia.search.ca-key-file", "XENIA_SEARCH_CA_KEY_FILE");
  }

  private static Path required(@Nullable String file, String key, String variable) {
    if (file == null || file.isBlank()) {
      throw new ConfigurationException(
          key
              + " (environment "
              + variable
              + ") is required while xenia.search.enabled is true: the file is created if absent");
    }
    return Path.of(file);
  }

  private static void positive(Duration duration, String key) {
    if (duration == null || duration.isZero() || duration.isNegative()) {
      throw new ConfigurationException(key + " must be a positive duration, not " + duration);
    }
  }
}
