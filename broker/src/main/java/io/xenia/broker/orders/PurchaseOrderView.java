package io.xenia.broker.orders;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * A purchase order as the API shows it: its limit, what {@code remaining} is still ring-fenced,
 * what was {@code spent}, and what was {@code released} back when it closed (limit = remaining +
 * spent + released).
 */
@Serdeable
@Schema(name = "PurchaseOrder")
public record PurchaseOrderView(
    UUID id,
    UUID accountId,
    @Schema(allowableValues = {"open", "cancelled", "expired"}) String status,
    MoneyAmount amountLimit,
    MoneyAmount remaining,
    MoneyAmount spent,
    MoneyAmount released,
    @Schema(
            description =
                "When what the order has neither spent nor held for sessions falls below this,"
                    + " the customer is notified (webhook order.low-funds). Default: 10 % of the"
                    + " limit.")
        MoneyAmount lowFundsThreshold,
    @Nullable String description,
    Instant expiresAt,
    Instant createdAt,
    @Nullable Instant closedAt) {

  static PurchaseOrderView of(PurchaseOrder order, Money remaining) {
    return new PurchaseOrderView(
        order.id(),
        order.accountId(),
        order.status().wireName(),
        MoneyAmount.of(order.limit()),
        MoneyAmount.of(remaining),
        MoneyAmount.of(order.spent(remaining)),
        MoneyAmount.of(order.released()),
        MoneyAmount.of(order.effectiveLowFundsThreshold()),
        order.description().orElse(null),
        order.expiresAt(),
        order.createdAt(),
        order.closedAt().orElse(null));
  }
}
