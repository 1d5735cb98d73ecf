package io.xenia.billing.invoices;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.xenia.billing.access.Caller;
import io.xenia.billing.api.Page;
import io.xenia.billing.api.PageRequest;
import java.util.UUID;

/** {@code /v1/billing/invoices}: list ({@code period}, {@code customer} filters) and get. */
@Controller("/v1/billing/invoices")
@ExecuteOn(TaskExecutors.BLOCKING)
final class InvoiceController {
  private final InvoiceService invoices;

  InvoiceController(InvoiceService invoices) {
    this.invoices = invoices;
  }

  @Get
  Page<InvoiceView> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String period,
      @QueryValue @Nullable UUID customer,
      @QueryValue @Nullable String pageToken,
      @QueryValue @Nullable Integer limit) {
    return invoices.list(caller, period, customer, PageRequest.of(pageToken, limit));
  }

  @Get("/{id}")
  InvoiceView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID id) {
    return invoices.get(caller, id);
  }
}
