package io.xenia.billing.disputes;

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

/** {@code /v1/billing/credit-notes}: list ({@code invoice} filter) and get. */
@Controller("/v1/billing/credit-notes")
@ExecuteOn(TaskExecutors.BLOCKING)
final class CreditNoteController {
  private final CreditNoteService creditNotes;

  CreditNoteController(CreditNoteService creditNotes) {
    this.creditNotes = creditNotes;
  }

  @Get
  Page<CreditNoteView> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable UUID invoice,
      @QueryValue @Nullable String pageToken,
      @QueryValue @Nullable Integer limit) {
    return creditNotes.list(caller, invoice, PageRequest.of(pageToken, limit));
  }

  @Get("/{id}")
  CreditNoteView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID id) {
    return creditNotes.get(caller, id);
  }
}
