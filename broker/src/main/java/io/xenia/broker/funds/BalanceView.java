package io.xenia.broker.funds;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;

/**
 * An account's funds in one currency: {@code available} to commit, {@code ringFenced} by open
 * purchase orders, the {@code creditLimit} extended, and {@code spendable} = available +
 * creditLimit.
 */
@Serdeable
@Schema(name = "Balance")
public record BalanceView(
    String currency,
    MoneyAmount available,
    MoneyAmount ringFenced,
    MoneyAmount creditLimit,
    MoneyAmount spendable) {}
