package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A billing period that has closed: its id (the Kafka key of its report) and its range. Billing's
 * periods (the invoices part) hand these to {@link ReportPublisher#periodClosed}.
 */
public record ClosedPeriod(String periodId, Instant start, Instant end) {
  public ClosedPeriod {
    requireNonNull(periodId, "periodId is null");
    if (periodId.isBlank() || periodId.length() > 200) {
      throw new IllegalArgumentException("a period id has 1 to 200 characters: '" + periodId + "'");
    }
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
  }

  public ReportRange range() {
    return new ReportRange(start, end);
  }
}
