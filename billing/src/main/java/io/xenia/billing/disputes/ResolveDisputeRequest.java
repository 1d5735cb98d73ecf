package io.xenia.billing.disputes;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.xenia.billing.api.MoneyAmount;

/**
 * {@code POST /v1/billing/disputes/{id}/resolve}: {@code outcome} {@code credit} (with {@code
 * amount}, in the invoice's currency, at most what the line charged and was not credited yet) or
 * {@code reject}; {@code reason} (1–2000 characters) either way.
 */
@Serdeable
public record ResolveDisputeRequest(
    @Nullable String outcome, @Nullable MoneyAmount amount, @Nullable String reason) {}
