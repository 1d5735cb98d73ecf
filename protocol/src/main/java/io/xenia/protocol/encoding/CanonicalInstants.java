package io.xenia.protocol.encoding;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The one text form of instants in Xenia: RFC 3339 in UTC with exactly three fraction digits, like
 * {@code 2026-11-22T03:50:00.000Z}.
 *
 * <p>Chosen over epoch milliseconds because it is readable in logs and vectors, and because its
 * fixed width makes string order equal time order. Years are limited to 0001–9999 to keep the width
 * fixed.
 */
public final class CanonicalInstants {
  /** The earliest encodable instant, {@code 0001-01-01T00:00:00.000Z}. */
  public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest encodable instant, {@code 9999-12-31T23:59:59.999Z}. */
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final Pattern SHAPE =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z");

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
    return FORMAT.format(instant);
  }

  /**
   * Parses the canonical form and nothing else: no offsets other than {@code Z}, no lowercase, no
   * missing or extra fraction digits, no leap second {@code :60}.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static Instant parse(String text) {
    requireNonNull(text, "text is null");
    if (!SHAPE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a UTC instant like 2026-11-22T03:50:00.000Z");
    }
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid date and time", e);
    }
    if (instant.isBefore(MIN) || !FORMAT.format(instant).equals(text)) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid date and time");
    }
    return instant;
  }
}
