package io.xenia.broker.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private final Liveness liveness = new Liveness(Duration.ofSeconds(10), 3, 6);
  private final Instant seen = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void upUntilNIntervalsMissedThenSuspectThenDownAfterM() {
    assertEquals(HostStatus.UP, liveness.assess(seen, seen.plusSeconds(29)));
    assertEquals(HostStatus.SUSPECT, liveness.assess(seen, seen.plusSeconds(30)));
    assertEquals(HostStatus.SUSPECT, liveness.assess(seen, seen.plusSeconds(59)));
    assertEquals(HostStatus.DOWN, liveness.assess(seen, seen.plusSeconds(60)));
    assertEquals(seen, liveness.suspectBefore(seen.plusSeconds(30)));
  }

  @Test
  void downMustComeAfterSuspect() {
    assertThrows(IllegalArgumentException.class, () -> new Liveness(Duration.ofSeconds(1), 3, 3));
    assertThrows(IllegalArgumentException.class, () -> new Liveness(Duration.ZERO, 1, 2));
  }
}
