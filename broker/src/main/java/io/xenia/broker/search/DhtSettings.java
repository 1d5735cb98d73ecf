package io.xenia.broker.search;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import io.xenia.dht.DhtConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
    return from(settings, name -> Optional.empty());
  }

  /**
   * The settings under {@code xenia.search.dht}, from the record's map and from every property
   * source: environment variables reach {@code getProperties} only in their generated spellings,
   * and each value is read back through {@code getProperty}, so precedence holds when several
   * sources (or spellings) set one key.
   */
  static DhtConfig from(SearchConfig config, PropertyResolver properties) {
    Map<String, String> settings = new LinkedHashMap<>(config.dht());
    properties
        .getProperties("xenia.search")
        .forEach(
            (key, value) -> {
              if (key.startsWith("dht.")) {
                settings.putIfAbsent(key.substring("dht.".length()), String.valueOf(value));
              }
            });
    return from(settings, name -> properties.getProperty("xenia.search.dht." + name, String.class));
  }

  /**
   * @param settings keys as written (relative to {@code xenia.search.dht}) and their values
   * @param resolve the value that wins for a normalised key, if the property sources know it
   */
  static DhtConfig from(Map<String, String> settings, Function<String, Optional<String>> resolve) {
    Map<String, String> properties = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> {
          String suffix = key.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
          String name = "dht." + suffix;
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
          properties.put(name, resolve.apply(suffix).orElse(String.valueOf(value)));
        });
    try {
      return DhtConfig.from(properties);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("xenia.search.dht: " + e.getMessage(), e);
    }
  }
}
