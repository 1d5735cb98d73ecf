package io.xenia.broker.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void idsAreVersion7AndOrderedByTime() {
    UUID earlier = Ids.newId(1_000_000L);
    UUID later = Ids.newId(1_000_001L);
    assertEquals(7, earlier.version());
    assertEquals(2, earlier.variant());
    assertTrue(earlier.compareTo(later) < 0);
    assertEquals(1_000_000L, earlier.getMostSignificantBits() >>> 16);
  }

  @Test
  void pageRequestsAreValidated() {
    assertEquals(PageRequest.DEFAULT_LIMIT, PageRequest.of(null, null).limit());
    assertEquals(51, PageRequest.of("", 50).fetchSize());
    UUID after = UUID.randomUUID();
    assertEquals(after, PageRequest.of(after.toString(), 5).after().orElseThrow());
    org.junit.jupiter.api.Assertions.assertThrows(
        io.xenia.broker.problems.XeniaException.class, () -> PageRequest.of(null, 0));
    org.junit.jupiter.api.Assertions.assertThrows(
        io.xenia.broker.problems.XeniaException.class, () -> PageRequest.of("nope", 5));
  }
}
