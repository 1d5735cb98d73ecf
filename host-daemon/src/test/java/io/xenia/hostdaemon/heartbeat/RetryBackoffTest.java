package io.xenia.hostdaemon.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private final RetryBackoff backoff =
      new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

  @Test
  void doublesPerFailureAndNeverExceedsTheInterval() {
    assertEquals(Duration.ofSeconds(1), backoff.base(1));
    assertEquals(Duration.ofSeconds(2), backoff.base(2));
    assertEquals(Duration.ofSeconds(8), backoff.base(4));
    assertEquals(Duration.ofSeconds(10), backoff.base(5));
    assertEquals(Duration.ofSeconds(10), backoff.base(500));
    for (int i = 1; i < 50; i++) {
      Duration d = backoff.delay(i);
      assertTrue(d.compareTo(Duration.ofSeconds(10)) <= 0 && !d.isNegative(), d::toString);
    }
  }
}
