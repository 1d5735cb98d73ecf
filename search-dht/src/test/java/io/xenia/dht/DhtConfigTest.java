package io.xenia.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DhtConfigTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    DhtConfig config = DhtConfig.defaults();
    assertEquals(20, config.k());
    assertEquals(3, config.alpha());
    assertEquals(500, config.rpcTimeoutMillis());
  }

  @Test
  void unknownKeysAndBadValuesAreRefusedByName() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> DhtConfig.from(Map.of("dht.kk", "3")));
    assertTrue(unknown.getMessage().contains("dht.kk"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> DhtConfig.from(Map.of("dht.k", "x")));
    assertTrue(bad.getMessage().contains("dht.k"));
    assertThrows(IllegalArgumentException.class, () -> DhtConfig.from(Map.of("dht.alpha", "0")));
  }

  @Test
  void theOperatorDocListsEveryKeyWithItsDefault() throws Exception {
    Path doc = Path.of("..", "docs", "search-dht.md");
    String text = Files.readString(doc);
    for (DhtConfig.Key key : DhtConfig.KEYS) {
      String row = "| `" + key.name() + "` | " + key.defaultValue() + " | " + key.doc() + " |";
      assertTrue(text.contains(row), "docs/search-dht.md lacks the row " + row);
    }
  }
}
