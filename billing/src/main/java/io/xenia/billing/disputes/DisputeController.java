package io.xenia.billing.disputes;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.xenia.billing.access.Caller;
import io.xenia.billing.api.Page;
import io.xenia.billing.api.PageRequest;
import java.util.UUID;

/**
 * Disputes: opened on an invoice line ({@code POST
 * /v1/billing/invoices/{id}/lines/{lineId}/disputes}), listed, read and resolved under {@code
 * /v1/billing/disputes}.
 */
@Controller("/v1/billing")
@ExecuteOn(TaskExecutors.BLOCKING)
final class DisputeController {
  private final DisputeService disputes;

  DisputeController(DisputeService disputes) {
    this.disputes = disputes;
  }

  @Post("/invoices/{id}/lines/{lineId}/disputes")
  HttpResponse<DisputeView> open(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable UUID id,
      @PathVariable UUID lineId,
      @Body OpenDisputeRequest request) {
    return HttpResponse.created(disputes.open(caller, id, lineId, request.reason()));
  }

  @Get("/disputes")
  Page<DisputeView> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String status,
      @QueryValue @Nullable UUID invoice,
      @QueryValue @Nullable String pageToken,
      @QueryValue @Nullable Integer limit) {
    return disputes.list(caller, status, invoice, PageRequest.of(pageToken, limit));
  }

  @Get("/disputes/{id}")
  DisputeView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID id) {
    return disputes.get(caller, id);
  }

  @Post("/disputes/{id}/resolve")
  DisputeView resolve(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable UUID id,
      @Body ResolveDisputeRequest request) {
    return disputes.resolve(caller, id, request);
  }
}
