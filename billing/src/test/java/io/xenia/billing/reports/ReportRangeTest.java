package io.xenia.billing.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportRangeTest {
  static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void isHalfOpen() {
    ReportRange r = new ReportRange(T, T.plusSeconds(10));
    assertTrue(r.contains(T));
    assertTrue(r.contains(T.plusSeconds(9)));
    assertFalse(r.contains(T.plusSeconds(10)));
    assertFalse(r.contains(T.minusNanos(1)));
  }

  @Test
  void refusesEmptyBackwardsAndOverlongRanges() {
    assertThrows(IllegalArgumentException.class, () -> new ReportRange(T, T));
    assertThrows(IllegalArgumentException.class, () -> new ReportRange(T, T.minusSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReportRange(T, T.plus(ReportRange.LONGEST).plusSeconds(1)));
  }
}
