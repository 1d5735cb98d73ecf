package io.xenia.billing.charging;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The interval of a record already charged (or accepted earlier in the batch) for a session, with
 * its sequence number.
 *
 * @param sequence the record's number in its session
 * @param start inclusive
 * @param end exclusive
 */
public record ChargedInterval(long sequence, Instant start, Instant end) {
  public ChargedInterval {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
  }

  /** Whether {@code [from, to)} shares an instant with this interval. */
  boolean overlaps(Instant from, Instant to) {
    return start.isBefore(to) && from.isBefore(end);
  }

  /**
   * Whether a record numbered {@code q} over {@code [from, to)} keeps the session's order: it ends
   * no later than any record after it starts, and starts no earlier than any record before it ends.
   */
  boolean inOrderWith(long q, Instant from, Instant to) {
    return sequence < q ? !from.isBefore(end) : !start.isBefore(to);
  }
}
