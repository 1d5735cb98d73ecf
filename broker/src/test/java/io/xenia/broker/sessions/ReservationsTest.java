package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.money.Money;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a session holds: exact, rounded up to the micro-unit. */
class ReservationsTest {
  @Test
  void priceTimesPeriodRoundedUp() {
    Money perHour = Money.parse("EUR", "0.40");
    assertEquals(Money.parse("EUR", "0.40"), Reservations.forPeriod(perHour, Duration.ofHours(1)));
    assertEquals(
        Money.parse("EUR", "0.20"), Reservations.forPeriod(perHour, Duration.ofMinutes(30)));
    // 0.40 / 3600 per second = 111.11… micros: one second holds 112.
    assertEquals(
        Money.ofMicros(perHour.currency(), 112),
        Reservations.forPeriod(perHour, Duration.ofSeconds(1)));
    assertEquals(Money.zero(perHour.currency()), Reservations.forPeriod(perHour, Duration.ZERO));
    assertEquals(
        Money.parse("EUR", "10512.00"), Reservations.forPeriod(perHour, Duration.ofDays(3 * 365)));
  }

  @Test
  void accruedIsRoundedDownAndNeverAboveTheHoldForTheSameTime() {
    Money perHour = Money.parse("EUR", "0.40");
    assertEquals(
        Money.ofMicros(perHour.currency(), 111),
        Reservations.accrued(perHour, Duration.ofSeconds(1)));
    assertEquals(Money.parse("EUR", "0.40"), Reservations.accrued(perHour, Duration.ofHours(1)));
    assertEquals(
        Money.zero(perHour.currency()), Reservations.accrued(perHour, Duration.ofSeconds(-5)));
    for (long ms = 0; ms < 10_000; ms += 37) {
      Duration d = Duration.ofMillis(ms);
      assertTrue(
          Reservations.accrued(perHour, d).compareTo(Reservations.forPeriod(perHour, d)) <= 0);
    }
  }
}
