package io.xenia.broker.orders;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;
import jakarta.validation.Valid;

/** Changes an open purchase order: a higher limit (ring-fences the difference), a threshold. */
@Serdeable
public record UpdatePurchaseOrderRequest(
    @Nullable
        @Valid
        @Schema(
            description =
                "The new limit, at least the current one: the difference is ring-fenced from the"
                    + " caller's available funds (credit check as on creation). Setting the same"
                    + " limit again changes nothing, so retries are safe. A session paused for"
                    + " lack of funds resumes once the order can hold its next period.")
        MoneyAmount amountLimit,
    @Nullable @Valid @Schema(description = "The new low-funds threshold (0 turns it off).")
        MoneyAmount lowFundsThreshold) {}
