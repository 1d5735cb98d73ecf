package io.xenia.billing.payouts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /v1/billing/payouts/{id}/paid}: optionally, the bank's reference of the transfer. */
@Serdeable
public record MarkPaidRequest(@Nullable String reference) {}
