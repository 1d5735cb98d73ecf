package io.xenia.broker.orders;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.idempotency.IdempotencyKey;
import io.xenia.broker.idempotency.IdempotentResponses;
import io.xenia.broker.problems.ProblemResponse;
import io.xenia.broker.problems.XeniaException;
import jakarta.validation.Valid;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Purchase orders: open (ring-fence), read, list, cancel. */
@Controller("/v1/purchase-orders")
@ProblemResponse
@Tag(name = "Purchase orders")
@Validated
class PurchaseOrderController {
  private final OrderService orders;

  PurchaseOrderController(OrderService orders) {
    this.orders = orders;
  }

  @Post
  @Status(HttpStatus.CREATED)
  @Operation(
      operationId = "createPurchaseOrder",
      summary = "Open a purchase order",
      description =
          "Checks the caller's available funds plus credit limit and ring-fences the amount"
              + " atomically. Retries with the same Idempotency-Key return the first order.")
  CompletableFuture<MutableHttpResponse<PurchaseOrderView>> create(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
      @Body @Valid CreatePurchaseOrderRequest request) {
    return orders
        .create(caller, request, IdempotencyKey.ofHeader(idempotencyKey))
        .thenApply(IdempotentResponses::created);
  }

  @Get("/{id}")
  @Operation(operationId = "getPurchaseOrder", summary = "Read a purchase order")
  CompletableFuture<PurchaseOrderView> get(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, UUID id) {
    return orders.get(caller, id);
  }

  @Get
  @Operation(operationId = "listPurchaseOrders", summary = "List purchase orders, oldest first")
  CompletableFuture<Page<PurchaseOrderView>> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable @QueryValue @Schema(description = "Staff only: one account's orders")
          UUID accountId,
      @Nullable @QueryValue @Schema(allowableValues = {"open", "cancelled", "expired"})
          String status,
      @Nullable @QueryValue String pageToken,
      @Nullable @QueryValue Integer limit) {
    Optional<PurchaseOrderStatus> wanted =
        Optional.ofNullable(status)
            .map(
                s ->
                    PurchaseOrderStatus.fromWireName(s)
                        .orElseThrow(
                            () ->
                                XeniaException.invalidField(
                                    "status", "must be open, cancelled or expired")));
    return orders.list(
        caller, Optional.ofNullable(accountId), wanted, PageRequest.of(pageToken, limit));
  }

  @io.micronaut.http.annotation.Patch("/{id}")
  @Operation(
      operationId = "updatePurchaseOrder",
      summary = "Raise an open order's limit and/or set its low-funds threshold",
      description =
          "A higher limit ring-fences the difference from the caller's available funds (a limit"
              + " never shrinks). A session paused for lack of funds on this order resumes once"
              + " the order can hold its next period (within one sweep).")
  CompletableFuture<PurchaseOrderView> update(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      @Body @Valid UpdatePurchaseOrderRequest request) {
    return orders.update(caller, id, request);
  }

  @Post("/{id}/cancel")
  @Operation(
      operationId = "cancelPurchaseOrder",
      summary = "Cancel an open purchase order, releasing what it did not spend")
  CompletableFuture<MutableHttpResponse<PurchaseOrderView>> cancel(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      UUID id,
      @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey) {
    return orders
        .cancel(caller, id, IdempotencyKey.ofHeader(idempotencyKey))
        .thenApply(IdempotentResponses::ok);
  }
}
