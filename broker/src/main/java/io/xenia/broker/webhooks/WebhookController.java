package io.xenia.broker.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.problems.ProblemResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Webhooks: the account's endpoint, its deliveries, and the broker's signing key. */
@Controller("/v1")
@ProblemResponse
@Tag(name = "Webhooks")
class WebhookController {
  private final WebhookService webhooks;

  WebhookController(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  @Put("/webhook-endpoint")
  @Operation(
      operationId = "setWebhookEndpoint",
      summary = "Register or replace the account's webhook endpoint",
      description =
          "Signed events (order.low-funds, session.paused, session.resumed, session.ended) are"
              + " POSTed to it; see docs/webhooks.md. Private addresses are refused"
              + " (webhook-url-refused).")
  CompletableFuture<WebhookEndpointView> set(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body SetWebhookEndpointRequest body) {
    return webhooks.set(caller, body);
  }

  @Get("/webhook-endpoint")
  @Operation(operationId = "getWebhookEndpoint", summary = "The account's webhook endpoint")
  CompletableFuture<WebhookEndpointView> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return webhooks.get(caller);
  }

  @Delete("/webhook-endpoint")
  @Status(HttpStatus.NO_CONTENT)
  @Operation(operationId = "deleteWebhookEndpoint", summary = "Stop sending webhooks")
  CompletableFuture<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return webhooks.delete(caller);
  }

  @Get("/webhook-deliveries")
  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "The account's most recent webhook deliveries, newest first")
  CompletableFuture<List<WebhookDeliveryView>> deliveries(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Nullable @QueryValue Integer limit) {
    return webhooks.deliveries(caller, limit == null ? 50 : limit);
  }

  @Get("/webhooks/signing-key")
  @Operation(
      operationId = "getWebhookSigningKey",
      summary = "The broker's Ed25519 key that signs webhooks (no API key needed)")
  SigningKeyView signingKey() {
    return webhooks.signingKey();
  }
}
