package io.xenia.broker.credentials;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.problems.ProblemResponse;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** API keys of an account: create (token shown once), list, revoke. */
@Controller("/v1/accounts/{accountId}/api-keys")
@ProblemResponse
@Tag(name = "API keys")
@Validated
class ApiKeyController {
  private final CredentialService credentials;
  private final Clock clock;

  ApiKeyController(CredentialService credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  @Post
  @Status(HttpStatus.CREATED)
  @Operation(
      operationId = "createApiKey",
      summary = "Create an API key; its token is in this response only")
  CompletableFuture<CreatedApiKey> create(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID accountId,
      @Body @Valid CreateApiKeyRequest request) {
    return credentials
        .create(
            caller,
            accountId,
            request.name(),
            request.scopes() == null ? List.of() : request.scopes(),
            Optional.ofNullable(request.expiresAt()))
        .thenApply(issued -> CreatedApiKey.of(issued, clock.instant()));
  }

  @Get
  @Operation(operationId = "listApiKeys", summary = "List the account's API keys, oldest first")
  CompletableFuture<Page<ApiKeyView>> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID accountId,
      @Nullable @QueryValue String pageToken,
      @Nullable @QueryValue Integer limit) {
    return credentials
        .list(caller, accountId, PageRequest.of(pageToken, limit))
        .thenApply(
            page ->
                new Page<>(
                    page.items().stream().map(k -> ApiKeyView.of(k, clock.instant())).toList(),
                    page.nextPageToken()));
  }

  @Delete("/{keyId}")
  @Operation(
      operationId = "revokeApiKey",
      summary = "Revoke an API key; it is refused from the next request on")
  CompletableFuture<ApiKeyView> revoke(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID accountId, UUID keyId) {
    return credentials
        .revoke(caller, accountId, keyId)
        .thenApply(key -> ApiKeyView.of(key, clock.instant()));
  }
}
