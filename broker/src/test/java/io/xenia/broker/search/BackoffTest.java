package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsDoubleUpToTheMaximumAndASuccessStartsAgain() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      waits.add(backoff.failed().toSeconds());
    }
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), waits);
    backoff.reset();
    assertEquals(Duration.ofSeconds(1), backoff.failed());
  }

  @Test
  void waitsAreWrittenAsTheSettingsAre() {
    assertEquals("200ms", SeedJoiner.text(Duration.ofMillis(200)));
    assertEquals("4s", SeedJoiner.text(Duration.ofSeconds(4)));
    assertEquals("1m", SeedJoiner.text(Duration.ofSeconds(60)));
    assertEquals("1m30s", SeedJoiner.text(Duration.ofSeconds(90)));
  }
}
