package io.xenia.hostdaemon.admission;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A period [start, end) in which the operator admits no lease that would overlap it. */
public record MaintenanceWindow(Instant start, Instant end) {
  public MaintenanceWindow {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "maintenance window end " + end + " is not after " + start);
    }
  }

  /** True if a lease over [from, to) overlaps this window; {@code to} null: open-ended. */
  public boolean overlaps(Instant from, Instant to) {
    return (to == null || to.isAfter(start)) && from.isBefore(end);
  }
}
