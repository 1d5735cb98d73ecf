package io.xenia.protocol.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalInstantsTest {

  @Test
  void formatsWithExactlyMilliseconds() {
    assertEquals(
        "2026-11-22T03:50:00.000Z",
        CanonicalInstants.format(Instant.parse("2026-11-22T03:50:00Z")));
    assertEquals("1969-12-31T23:59:59.999Z", CanonicalInstants.format(Instant.ofEpochMilli(-1)));
    assertEquals("0001-01-01T00:00:00.000Z", CanonicalInstants.format(CanonicalInstants.MIN));
    assertEquals("9999-12-31T23:59:59.999Z", CanonicalInstants.format(CanonicalInstants.MAX));
  }

  @Test
  void refusesWhatItCannotRepresentExactly() {
    assertThrows(
        IllegalArgumentException.class,
        () -> CanonicalInstants.format(Instant.parse("2026-11-22T03:50:00.000001Z")));
    assertThrows(
        IllegalArgumentException.class,
        () -> CanonicalInstants.format(CanonicalInstants.MAX.plusMillis(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> CanonicalInstants.format(CanonicalInstants.MIN.minusMillis(1)));
  }

  @Test
  void parsesWhatItFormats() {
    for (long millis : new long[] {0, 1, -1, 1_795_000_000_123L, -62_135_596_800_000L}) {
      Instant instant = Instant.ofEpochMilli(millis);
      assertEquals(instant, CanonicalInstants.parse(CanonicalInstants.format(instant)));
    }
  }

  /** Format and parse go by position; java.time's own formatter is the reference they must meet. */
  @Test
  void agreesWithJavaTimeAcrossTheRange() {
    DateTimeFormatter reference =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    long min = CanonicalInstants.MIN.toEpochMilli();
    long max = CanonicalInstants.MAX.toEpochMilli();
    SplittableRandom random = new SplittableRandom(6);
    for (int i = 0; i < 100_000; i++) {
      Instant instant = Instant.ofEpochMilli(random.nextLong(min, max + 1));
      String text = CanonicalInstants.format(instant);
      assertEquals(reference.format(instant), text);
      assertEquals(instant, CanonicalInstants.parse(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-22T03:50:00Z",
        "2026-11-22T03:50:00.0Z",
        "2026-11-22T03:50:00.0000Z",
        "2026-11-22t03:50:00.000z",
        "2026-11-22T03:50:00.000+00:00",
        "2026-11-22 03:50:00.000Z",
        "2026-02-30T00:00:00.000Z",
        "2026-13-01T00:00:00.000Z",
        "2026-11-22T24:00:00.000Z",
        "2026-12-31T23:59:60.000Z",
        "0000-01-01T00:00:00.000Z",
        "+2026-11-22T03:50:00.000Z",
        "1795000000123",
        "",
      })
  void refusesOtherForms(String text) {
    assertThrows(IllegalArgumentException.class, () -> CanonicalInstants.parse(text));
  }
}
