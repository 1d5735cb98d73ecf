package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the record checks itself; the bound defaults are checked on a running broker. */
class SearchConfigTest {
  private static SearchConfig config(
      String bind, List<String> seeds, Duration min, Duration max, String nodeKey) {
    return new SearchConfig(
        true, bind, seeds, nodeKey, null, false, Duration.ofDays(30), min, max, Map.of());
  }

  @Test
  void addressesAreParsed() {
    SearchConfig config =
        config(
            "127.0.0.1:7700",
            List.of("127.0.0.1:7701", "[::1]:7702"),
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            "k");
    assertEquals(new InetSocketAddress("127.0.0.1", 7700), config.bindAddress());
    assertEquals(
        List.of(new InetSocketAddress("127.0.0.1", 7701), new InetSocketAddress("::1", 7702)),
        config.seedAddresses());
  }

  @Test
  void badValuesNameTheirKey() {
    Duration s = Duration.ofSeconds(1);
    assertMessage("xenia.search.bind", () -> config("nohost", List.of(), s, s, "k"));
    assertMessage("xenia.search.seeds", () -> config("127.0.0.1:0", List.of("h:70000"), s, s, "k"));
    assertMessage(
        "xenia.search.join-retry-max-backoff",
        () -> config("127.0.0.1:0", List.of(), s.multipliedBy(2), s, "k"));
    assertMessage(
        "xenia.search.join-retry-min-backoff",
        () -> config("127.0.0.1:0", List.of(), Duration.ZERO, s, "k"));
    SearchConfig noKeys = config("127.0.0.1:0", List.of(), s, s, null);
    assertMessage("XENIA_SEARCH_NODE_KEY_FILE", noKeys::nodeKeyPath);
    assertMessage("xenia.search.ca-key-file", noKeys::caKeyPath);
  }

  private static void assertMessage(String expected, Runnable action) {
    ConfigurationException e = assertThrows(ConfigurationException.class, action::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
