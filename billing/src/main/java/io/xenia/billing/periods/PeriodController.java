package io.xenia.billing.periods;

import io.micronaut.core.annotation.Nullable;
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

/** {@code /v1/billing/periods}: list, get, and close (finance). */
@Controller("/v1/billing/periods")
@ExecuteOn(TaskExecutors.BLOCKING)
final class PeriodController {
  private final PeriodService periods;

  PeriodController(PeriodService periods) {
    this.periods = periods;
  }

  @Get
  Page<PeriodView> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String pageToken,
      @QueryValue @Nullable Integer limit) {
    return periods.list(caller, PageRequest.of(pageToken, limit));
  }

  @Get("/{id}")
  PeriodView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    return periods.get(caller, id);
  }

  @Post("/{id}/close")
  PeriodView close(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
    return periods.close(caller, id);
  }
}
