package io.xenia.broker.funds;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.UUID;

/** All of an account's balances, one per currency it has used. */
@Serdeable
public record Balances(UUID accountId, List<BalanceView> balances) {}
