package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The half-open interval {@code [from, to)} a report covers: a billing period or any range finance
 * asks for. A charge belongs to it by the moment it was rated and charged ({@code
 * usage_charge.rated_at}), so a closed range never gains charges for usage that arrives late.
 */
public record ReportRange(Instant from, Instant to) {
  /** A report over more than this is a data export, not a report: refused. */
  public static final Duration LONGEST = Duration.ofDays(366);

  public ReportRange {
    requireNonNull(from, "from is null");
    requireNonNull(to, "to is null");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "a report range ends after it starts: from " + from + " to " + to);
    }
    if (Duration.between(from, to).compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "a report range is at most " + LONGEST.toDays() + " days: from " + from + " to " + to);
    }
  }

  public boolean contains(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }
}
