package io.xenia.billing.disputes;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /v1/billing/invoices/{id}/lines/{lineId}/disputes}: why (1–2000 characters). */
@Serdeable
public record OpenDisputeRequest(@Nullable String reason) {}
