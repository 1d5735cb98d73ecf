package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Finance's report over a {@link ReportRange}: what was charged and to whom, what was used where,
 * what hosts are owed, what purchase orders still hold, where hosts carried the risk, and which
 * records were refused. Every amount is per currency: amounts of different currencies are never
 * added.
 *
 * @param outstandingOrders unlike the other sections, as of {@code generatedAt}, not over the range
 */
public record FinanceReport(
    ReportRange range,
    Instant generatedAt,
    List<Revenue> revenue,
    List<ResourceUsage> usageByResource,
    List<RegionUsage> usageByRegion,
    List<PartyTotal> topCustomers,
    List<PartyTotal> topHosts,
    List<HostPayout> payouts,
    List<OrderBalance> outstandingOrders,
    List<Overrun> overruns,
    List<DeadLetters> deadLetters,
    List<Disputes> disputes) {

  public FinanceReport {
    requireNonNull(range, "range is null");
    requireNonNull(generatedAt, "generatedAt is null");
    revenue = List.copyOf(revenue);
    usageByResource = List.copyOf(usageByResource);
    usageByRegion = List.copyOf(usageByRegion);
    topCustomers = List.copyOf(topCustomers);
    topHosts = List.copyOf(topHosts);
    payouts = List.copyOf(payouts);
    outstandingOrders = List.copyOf(outstandingOrders);
    overruns = List.copyOf(overruns);
    deadLetters = List.copyOf(deadLetters);
    disputes = List.copyOf(disputes);
  }

  /**
   * Per currency: usage worth {@code rated} at agreed prices, of which {@code charged} was paid by
   * purchase orders ({@code fees} to the platform, {@code hostShare} owed to hosts) and {@code
   * overrun} was not (orders ran out). {@code rated = charged + overrun}; {@code charged = fees +
   * hostShare}.
   */
  public record Revenue(
      String currency,
      long records,
      Money rated,
      Money charged,
      Money fees,
      Money hostShare,
      Money overrun) {}

  /**
   * One priced component ({@code machine-hour}, {@code egress-gib}, ...) per currency: the measured
   * quantity in base units, the same in priced units (exact decimal), and its worth at agreed
   * prices.
   */
  public record ResourceUsage(
      String component,
      String currency,
      long measured,
      String baseUnit,
      String pricedQuantity,
      Money rated) {}

  /** Usage per region of the leased machines ({@code unknown} when a session had none). */
  public record RegionUsage(
      String region,
      String currency,
      long records,
      long machineSeconds,
      Money rated,
      Money charged) {}

  /** A customer account or a host, by what was charged; the name as the broker has it. */
  public record PartyTotal(UUID id, String name, String currency, long records, Money charged) {}

  /** What a host operator earned over the range: charged on its hosts, less fees. */
  public record HostPayout(
      UUID operatorId, String name, String currency, Money charged, Money fees, Money payable) {}

  /** An open purchase order and what it still ring-fences. */
  public record OrderBalance(
      UUID orderId,
      UUID customerId,
      String customerName,
      String currency,
      Money limit,
      Money ringFenced,
      Instant expiresAt) {}

  /** Usage an order could not pay, per host operator and order: the host's risk. */
  public record Overrun(
      UUID hostOperatorId,
      String name,
      UUID orderId,
      String currency,
      long records,
      Money overrun) {}

  /**
   * Disputes opened over the range, per status ({@code open}, {@code credited}, {@code rejected})
   * and currency: how many, what the disputed invoice lines charged, what credit notes gave back.
   */
  public record Disputes(
      String status, String currency, long count, Money disputedCharged, Money credited) {}

  /** Records refused over the range, per reason slug. */
  public record DeadLetters(String reason, long count) {}
}
