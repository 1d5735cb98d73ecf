package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.exceptions.ConfigurationException;
import io.xenia.dht.DhtConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DhtSettingsTest {
  @Test
  void noSettingsGiveTheDefaults() {
    assertEquals(DhtConfig.defaults(), DhtSettings.from(Map.of()));
  }

  @Test
  void declaredKeysAreNamedWithoutTheirDhtPrefix() {
    DhtConfig config = DhtSettings.from(Map.of("rpc.timeout.ms", "300", "k", "8"));
    assertEquals(300, config.rpcTimeoutMillis());
    assertEquals(8, config.k());
  }

  @Test
  void dashesAndUnderscoresFromEnvironmentVariablesCountAsDots() {
    DhtConfig config = DhtSettings.from(Map.of("rpc-timeout-ms", "250", "STORE_MAX_ENTRIES", "10"));
    assertEquals(250, config.rpcTimeoutMillis());
    assertEquals(10, config.maxEntries());
  }

  @Test
  void settingsFromEveryPropertySourceCountAndTheWinningValueIsUsed() {
    PropertySourcePropertyResolver properties =
        new PropertySourcePropertyResolver(
            PropertySource.of(
                "test",
                Map.of("xenia.search.dht.rpc.timeout.ms", "250", "xenia.search.dht.alpha", "5")));
    SearchConfig config =
        new SearchConfig(
            true,
            "127.0.0.1:0",
            List.of(),
            null,
            null,
            false,
            Duration.ofDays(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            Map.of("alpha", "2"));
    DhtConfig dht = DhtSettings.from(config, properties);
    assertEquals(250, dht.rpcTimeoutMillis());
    assertEquals(5, dht.alpha(), "the property sources' value wins over the bound copy");
  }

  @Test
  void anUnknownKeyIsRefusedByName() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> DhtSettings.from(Map.of("rpc.timeout.secs", "1")));
    assertTrue(e.getMessage().contains("xenia.search.dht.rpc.timeout.secs"), e.getMessage());
    assertTrue(e.getMessage().contains("xenia.search.dht.rpc.timeout.ms"), e.getMessage());
  }

  @Test
  void aBadValueNamesItsKey() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> DhtSettings.from(Map.of("k", "-1")));
    assertTrue(e.getMessage().contains("dht.k"), e.getMessage());
    e = assertThrows(ConfigurationException.class, () -> DhtSettings.from(Map.of("alpha", "x")));
    assertTrue(e.getMessage().contains("dht.alpha"), e.getMessage());
  }
}
