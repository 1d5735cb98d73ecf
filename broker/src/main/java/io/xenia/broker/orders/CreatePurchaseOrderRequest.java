package io.xenia.broker.orders;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Opens a purchase order, ring-fencing {@code amountLimit} of the caller's funds. */
@Serdeable
public record CreatePurchaseOrderRequest(
    @NotNull @Valid MoneyAmount amountLimit,
    @NotNull @Schema(description = "When the order closes and gives back what it did not spend.")
        Instant expiresAt,
    @Nullable @Size(max = 500) String description,
    @Nullable
        @Valid
        @Schema(
            description =
                "Notify (webhook order.low-funds) when what the order has neither spent nor held"
                    + " falls below this; default 10 % of the limit.")
        MoneyAmount lowFundsThreshold) {}
