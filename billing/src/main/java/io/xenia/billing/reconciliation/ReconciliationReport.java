package io.xenia.billing.reconciliation;

import static java.util.Objects.requireNonNull;

import io.xenia.billing.reports.ReportRange;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of reconciling a range: the totals per currency on both sides and every discrepancy
 * found, none when all is well.
 */
public record ReconciliationReport(
    ReportRange range, Instant generatedAt, List<Totals> totals, List<Discrepancy> discrepancies) {

  public ReconciliationReport {
    requireNonNull(range, "range is null");
    requireNonNull(generatedAt, "generatedAt is null");
    totals = List.copyOf(totals);
    discrepancies = List.copyOf(discrepancies);
  }

  public boolean clean() {
    return discrepancies.isEmpty();
  }

  /**
   * One currency: usage side ({@code rated = charged + overrun}, of which {@code fees}) and ledger
   * side (what billing's entries took out of orders and credited to hosts and the platform).
   */
  public record Totals(
      String currency,
      long records,
      Money rated,
      Money charged,
      Money overrun,
      Money fees,
      Money takenFromOrders,
      Money creditedToHosts,
      Money creditedToPlatform) {}
}
