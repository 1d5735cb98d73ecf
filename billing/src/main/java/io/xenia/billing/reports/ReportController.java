package io.xenia.billing.reports;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.xenia.billing.access.Caller;

/**
 * {@code /v1/billing/reports}: finance reports, their CSV sections, the FOCUS export, charts and
 * reconciliation, for a billing period ({@code /{periodId}}) or any range ({@code
 * /range?from=&to=}, or the bare path with {@code ?from=&to=}). Finance and admin only ({@code
 * ledger:read}).
 */
@Controller("/v1/billing/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ReportController {
  private final ReportService reports;

  ReportController(ReportService reports) {
    this.reports = reports;
  }

  @Get
  Object byRange(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to) {
    return reports.report(caller, ReportService.RANGE, from, to);
  }

  @Get("/{periodId}")
  Object report(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String periodId,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to) {
    return reports.report(caller, periodId, from, to);
  }

  @Get("/{periodId}/{file}")
  HttpResponse<?> file(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable String periodId,
      @PathVariable String file,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue @Nullable String currency) {
    ReportService.File f = reports.file(caller, periodId, file, from, to, currency);
    var response = HttpResponse.ok(f.body()).contentType(MediaType.of(f.contentType()));
    if (f.fileName() != null) {
      response.header("Content-Disposition", "attachment; filename=\"" + f.fileName() + "\"");
    }
    return response;
  }
}
