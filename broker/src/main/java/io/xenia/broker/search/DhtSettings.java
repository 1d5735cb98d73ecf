package io.xenia.broker.search;

import io.micronaut.context.exceptions.ConfigurationException;
import io.xenia.dht.DhtConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns {@code xenia.search.dht.*} into a {@link DhtConfig}: each key is a declared {@code
 * DhtConfig.KEYS} name without its {@code dht.} prefix. Dashes and underscores count as dots, so
 * the spellings an environment variable produces ({@code XENIA_SEARCH_DHT_RPC_TIMEOUT_MS}) match
 * too; any other key fails the start, naming it.
 */
final class DhtSettings {
  private static final Set<String> DECLARED =
      DhtConfig.KEYS.stream().map(DhtConfig.Key::name).collect(Collectors.toSet());

  private DhtSettings() {}

  static DhtConfig from(Map<String, String> settings) {
    Map<String, String> properties = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> {
          String name = "dht." + key.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
          if (!DECLARED.contains(name)) {
            throw new ConfigurationException(
                "unknown DHT configuration key xenia.search.dht."
                    + key
                    + "; the keys are "
                    + new TreeSet<>(DECLARED)
                        .stream()
                            .map(n -> "xenia.search.dht." + n.substring("dht.".length()))
                            .collect(Collectors.joining(", ")));
          }
          properties.put(name, String.valueOf(value));
        });
    try {
      return DhtConfig.from(properties);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("xenia.search.dht: " + e.getMessage(), e);
    }
  }
}
