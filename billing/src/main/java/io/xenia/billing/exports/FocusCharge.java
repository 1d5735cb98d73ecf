package io.xenia.billing.exports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One charged usage record as the FOCUS export needs it: the {@code usage_charge} row, its rated
 * lines, and the names of its parties.
 *
 * @param chargedMicros what the purchase order paid of the record (less than the lines' sum when it
 *     ran out)
 */
public record FocusCharge(
    UUID sessionId,
    long sequence,
    String agreementId,
    UUID customerId,
    String customerName,
    UUID purchaseOrderId,
    UUID hostId,
    String hostName,
    String hostOperatorName,
    String region,
    Instant intervalStart,
    Instant intervalEnd,
    String currency,
    long chargedMicros,
    List<Line> lines) {

  public FocusCharge {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(currency, "currency is null");
    lines = List.copyOf(lines);
  }

  /** A rated component: measured in base units, at the agreed unit price, worth {@code amount}. */
  public record Line(String component, long measured, long unitPriceMicros, long amountMicros) {}
}
