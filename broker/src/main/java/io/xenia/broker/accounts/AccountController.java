package io.xenia.broker.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.credentials.CreatedApiKey;
import io.xenia.broker.problems.ProblemResponse;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Registration and reading of accounts. */
@Controller("/v1/accounts")
@ProblemResponse
@Tag(name = "Accounts")
@Validated
class AccountController {
  private final AccountService accounts;
  private final Clock clock;

  AccountController(AccountService accounts, Clock clock) {
    this.accounts = accounts;
    this.clock = clock;
  }

  @Post
  @Status(HttpStatus.CREATED)
  @SecurityRequirements
  @Operation(
      operationId = "registerAccount",
      summary = "Register an account",
      description =
          "Anyone may register a customer or host-operator account (while registration is open);"
              + " finance and admin accounts need an admin's key. The response holds the account's"
              + " first API key, whose token is shown only here.")
  CompletableFuture<RegisteredAccount> register(
      @Nullable @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Body @Valid RegisterAccountRequest request) {
    return accounts
        .register(
            Optional.ofNullable(caller), request.kind(), request.name(), request.contactEmail())
        .thenApply(
            r ->
                new RegisteredAccount(
                    AccountView.of(r.account()), CreatedApiKey.of(r.firstKey(), clock.instant())));
  }

  @Get("/{id}")
  @Operation(
      operationId = "getAccount",
      summary = "Read an account (your own; any, for finance and admins)")
  CompletableFuture<AccountView> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    return accounts.get(caller, id).thenApply(AccountView::of);
  }

  @Get
  @Operation(operationId = "listAccounts", summary = "List all accounts (finance and admins)")
  CompletableFuture<Page<AccountView>> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable @QueryValue String pageToken,
      @Nullable @QueryValue Integer limit) {
    return accounts
        .list(caller, PageRequest.of(pageToken, limit))
        .thenApply(
            p -> new Page<>(p.items().stream().map(AccountView::of).toList(), p.nextPageToken()));
  }
}
