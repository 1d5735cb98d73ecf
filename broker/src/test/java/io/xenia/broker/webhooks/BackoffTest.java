package io.xenia.broker.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFromTheFirstWaitUpToTheCapAndGivesUpAfterTheLastAttempt() {
    Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), 5);
    assertEquals(Duration.ofSeconds(2), b.after(1));
    assertEquals(Duration.ofSeconds(4), b.after(2));
    assertEquals(Duration.ofSeconds(32), b.after(5));
    assertEquals(Duration.ofMinutes(1), b.after(6));
    assertEquals(Duration.ofMinutes(1), b.after(1000));
    assertFalse(b.givesUpAfter(4));
    assertTrue(b.givesUpAfter(5));
    assertThrows(IllegalArgumentException.class, () -> b.after(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3));
  }
}
