package io.xenia.protocol.encoding;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one text form of instants in Xenia: RFC 3339 in UTC with exactly three fraction digits, like
 * {@code 2026-11-22T03:50:00.000Z}.
 *
 * <p>Chosen over epoch milliseconds because it is readable in logs and vectors, and because its
 * fixed width makes string order equal time order. Years are limited to 0001–9999 to keep the width
 * fixed.
 *
 * <p>Written and read by position rather than with a {@code DateTimeFormatter} and a regular
 * expression: every usage record billing opens carries two instants, and those took a tenth of its
 * verifier threads' time (docs/benchmarks.md "Billing").
 */
public final class CanonicalInstants {
  /** The earliest encodable instant, {@code 0001-01-01T00:00:00.000Z}. */
  public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest encodable instant, {@code 9999-12-31T23:59:59.999Z}. */
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  /** The form's separators by position; every other position is a digit. */
  private static final String SHAPE = "0000-00-00T00:00:00.000Z";

  private CanonicalInstants() {}

  /**
   * Formats an instant.
   *
   * @throws IllegalArgumentException if it has sub-millisecond precision (truncate it first, on
   *     purpose: silently dropping digits would make a record differ from its own decoding) or lies
   *     outside {@link #MIN}..{@link #MAX}
   */
  public static String format(Instant instant) {
    requireNonNull(instant, "instant is null");
    if (!instant.truncatedTo(ChronoUnit.MILLIS).equals(instant)) {
      throw new IllegalArgumentException(
          "instant " + instant + " has sub-millisecond precision; truncate it to milliseconds");
    }
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException("instant " + instant + " is outside years 0001-9999");
    }
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    char[] out = SHAPE.toCharArray();
    digits(out, 0, 4, t.getYear());
    digits(out, 5, 2, t.getMonthValue());
    digits(out, 8, 2, t.getDayOfMonth());
    digits(out, 11, 2, t.getHour());
    digits(out, 14, 2, t.getMinute());
    digits(out, 17, 2, t.getSecond());
    digits(out, 20, 3, t.getNano() / 1_000_000);
    return new String(out);
  }

  /**
   * Parses the canonical form and nothing else: no offsets other than {@code Z}, no lowercase, no
   * missing or extra fraction digits, no leap second {@code :60}.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static Instant parse(String text) {
    requireNonNull(text, "text is null");
    if (!hasShape(text)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a UTC instant like 2026-11-22T03:50:00.000Z");
    }
    int year = number(text, 0, 4);
    if (year < 1) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid date and time");
    }
    try {
      // LocalDateTime.of refuses what the form could still say wrongly: month 13, February 30,
      // hour 24, second 60.
      return LocalDateTime.of(
              year,
              number(text, 5, 2),
              number(text, 8, 2),
              number(text, 11, 2),
              number(text, 14, 2),
              number(text, 17, 2),
              number(text, 20, 3) * 1_000_000)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid date and time", e);
    }
  }

  private static boolean hasShape(String text) {
    if (text.length() != SHAPE.length()) {
      return false;
    }
    for (int i = 0; i < SHAPE.length(); i++) {
      char want = SHAPE.charAt(i);
      char c = text.charAt(i);
      boolean ok = want == '0' ? c >= '0' && c <= '9' : c == want;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int from, int width) {
    int n = 0;
    for (int i = from; i < from + width; i++) {
      n = n * 10 + (text.charAt(i) - '0');
    }
    return n;
  }

  private static void digits(char[] out, int from, int width, int value) {
    for (int i = from + width - 1; i >= from; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
