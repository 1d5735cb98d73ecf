package io.xenia.billing.payouts;

import io.micronaut.core.annotation.Nullable;
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

/** {@code /v1/billing/payouts}: payout statements; list, get, and mark paid (finance). */
@Controller("/v1/billing/payouts")
@ExecuteOn(TaskExecutors.BLOCKING)
final class PayoutController {
  private final PayoutService payouts;

  PayoutController(PayoutService payouts) {
    this.payouts = payouts;
  }

  @Get
  Page<PayoutStatementView> list(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @QueryValue @Nullable String period,
      @QueryValue @Nullable UUID hostOperator,
      @QueryValue @Nullable String status,
      @QueryValue @Nullable String pageToken,
      @QueryValue @Nullable Integer limit) {
    return payouts.list(caller, period, hostOperator, status, PageRequest.of(pageToken, limit));
  }

  @Get("/{id}")
  PayoutStatementView get(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID id) {
    return payouts.get(caller, id);
  }

  @Post("/{id}/paid")
  PayoutStatementView markPaid(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @PathVariable UUID id,
      @Body @Nullable MarkPaidRequest request) {
    return payouts.markPaid(caller, id, request == null ? null : request.reference());
  }
}
