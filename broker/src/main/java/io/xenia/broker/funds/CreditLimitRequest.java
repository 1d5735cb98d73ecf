package io.xenia.broker.funds;

import io.micronaut.serde.annotation.Serdeable;
import io.xenia.broker.common.MoneyAmount;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Sets how far below zero an account's available funds may go, in one currency. */
@Serdeable
public record CreditLimitRequest(@NotNull @Valid MoneyAmount limit) {}
