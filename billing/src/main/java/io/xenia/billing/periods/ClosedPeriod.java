package io.xenia.billing.periods;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A period as it was closed: its bounds, who closed it and when, its totals per currency (the
 * platform's revenue is {@code feeMicros}), and how many invoices and payout statements it made.
 */
public record ClosedPeriod(
    String id,
    Instant start,
    Instant end,
    Instant closedAt,
    UUID closedBy,
    List<CurrencyTotals> totals,
    int invoices,
    int payoutStatements) {
  public ClosedPeriod {
    totals = List.copyOf(totals);
  }
}
