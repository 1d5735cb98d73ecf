package io.xenia.broker.funds;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Records money received for an account from outside the platform. */
@Serdeable
public record DepositRequest(
    @NotNull @Valid MoneyAmount amount,
    @NotBlank
        @Size(max = 200)
        @Schema(description = "Where the money came from: a bank transfer id, a payment reference.")
        String externalReference) {}
