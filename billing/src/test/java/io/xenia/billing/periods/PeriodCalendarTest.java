package io.xenia.billing.periods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeriodCalendarTest {
  @Test
  void monthsAreCalendarMonthsInUtc() {
    var months = PeriodCalendar.parse("P1M");
    var p = months.periodOf(Instant.parse("2026-11-30T23:59:59.999Z"));
    assertEquals("2026-11", p.id());
    assertEquals(Instant.parse("2026-11-01T00:00:00Z"), p.start());
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), p.end());
    assertEquals("2026-12", months.next(p).id());
    assertEquals("2027-01", months.next(months.next(p)).id());
    assertEquals(p, months.byId("2026-11").orElseThrow());
    assertTrue(months.byId("2026-13").isEmpty());
    assertTrue(months.byId("2026-11-01").isEmpty());
    // [start, end): the end belongs to the next period.
    assertEquals("2026-12", months.periodOf(p.end()).id());
  }

  @Test
  void daysCountFromTheEpoch() {
    var days = PeriodCalendar.parse("P1D");
    var p = days.periodOf(Instant.parse("2026-11-30T12:00:00Z"));
    assertEquals("2026-11-30", p.id());
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), p.end());
    var weeks = PeriodCalendar.parse("P7D");
    var w = weeks.periodOf(Instant.parse("2026-11-30T12:00:00Z"));
    assertEquals(0, java.time.LocalDate.parse(w.id()).toEpochDay() % 7);
    assertTrue(weeks.byId(w.id()).isPresent());
    assertTrue(weeks.byId(java.time.LocalDate.parse(w.id()).plusDays(1).toString()).isEmpty());
  }

  @Test
  void otherLengthsAreRefused() {
    for (String bad : new String[] {"P2M", "P1Y", "PT1H", "monthly", "", "P0D"}) {
      assertThrows(IllegalArgumentException.class, () -> PeriodCalendar.parse(bad), bad);
    }
  }
}
