package io.xenia.broker.funds;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.idempotency.IdempotencyKey;
import io.xenia.broker.idempotency.IdempotentResponses;
import io.xenia.broker.problems.ProblemResponse;
import jakarta.validation.Valid;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Deposits (finance), credit limits (finance) and balances (the account itself, or staff). */
@Controller("/v1/accounts/{accountId}")
@ProblemResponse
@Tag(name = "Funds")
@Validated
class FundsController {
  private final FundsService funds;

  FundsController(FundsService funds) {
    this.funds = funds;
  }

  @Post("/deposits")
  @Status(HttpStatus.CREATED)
  @Operation(
      operationId = "recordDeposit",
      summary = "Record a deposit (finance and admins)",
      description = "Retries with the same Idempotency-Key return the first deposit.")
  CompletableFuture<MutableHttpResponse<DepositView>> deposit(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID accountId,
      @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
      @Body @Valid DepositRequest request) {
    return funds
        .deposit(caller, accountId, request, IdempotencyKey.ofHeader(idempotencyKey))
        .thenApply(IdempotentResponses::created);
  }

  @Put("/credit-limit")
  @Operation(
      operationId = "setCreditLimit",
      summary = "Set the account's credit limit in one currency (finance and admins)")
  CompletableFuture<BalanceView> creditLimit(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID accountId,
      @Body @Valid CreditLimitRequest request) {
    return funds.setCreditLimit(caller, accountId, request);
  }

  @Get("/balances")
  @Operation(
      operationId = "getBalances",
      summary = "Balances per currency: available, ring-fenced, credit limit, spendable")
  CompletableFuture<Balances> balances(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID accountId) {
    return funds.balances(caller, accountId);
  }
}
