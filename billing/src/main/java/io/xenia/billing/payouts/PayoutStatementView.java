package io.xenia.billing.payouts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.xenia.billing.api.MoneyAmount;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A host operator's payout statement for one closed period and currency. {@code payable} = {@code
 * charged} − {@code platformFee}; {@code credited} is the host's share of credit notes on its lines
 * of the period; {@code due} = payable − credited (what a payment moves; once paid, what it moved);
 * {@code uncharged} is usage no purchase order paid (the host's risk). {@code status}: {@code
 * unpaid} or {@code paid}. {@code lines} (per session) on a single statement only.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PayoutStatementView(
    UUID id,
    String periodId,
    UUID hostOperatorId,
    String currency,
    MoneyAmount charged,
    MoneyAmount platformFee,
    MoneyAmount payable,
    MoneyAmount credited,
    MoneyAmount due,
    MoneyAmount uncharged,
    String status,
    Instant issuedAt,
    @Nullable Instant paidAt,
    @Nullable UUID paidBy,
    @Nullable String reference,
    @Nullable UUID journalEntryId,
    @Nullable List<Line> lines) {

  /** One session's part of the statement. */
  @Serdeable
  public record Line(
      UUID sessionId,
      long records,
      MoneyAmount charged,
      MoneyAmount platformFee,
      MoneyAmount payable,
      MoneyAmount uncharged) {}
}
