package io.xenia.billing.periods;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A billing period [start, end), named by its start ({@code 2026-11} or {@code 2026-11-30}). */
public record BillingPeriod(String id, Instant start, Instant end) {
  public BillingPeriod {
    requireNonNull(id, "id is null");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a period ends after it starts: " + start + ", " + end);
    }
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
