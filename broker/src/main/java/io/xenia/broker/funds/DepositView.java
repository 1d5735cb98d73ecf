package io.xenia.broker.funds;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;
import java.time.Instant;
import java.util.UUID;

/** A recorded deposit: the journal entry that made it. */
@Serdeable
@Schema(name = "Deposit")
public record DepositView(
    UUID entryId,
    UUID accountId,
    MoneyAmount amount,
    String externalReference,
    Instant createdAt) {}
