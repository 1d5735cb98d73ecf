package io.xenia.billing.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.xenia.billing.access.Caller;

/**
 * {@code GET /v1/billing/caller}: the account and scopes billing sees for the presented API key. A
 * client checks its key with it before calling anything else.
 */
@Controller("/v1/billing/caller")
final class CallerController {
  @Get
  CallerView get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return CallerView.of(caller);
  }
}
