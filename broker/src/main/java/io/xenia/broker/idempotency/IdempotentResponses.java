package io.xenia.broker.idempotency;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;

/** Responses for idempotent operations, marked when they replay an earlier request's result. */
public final class IdempotentResponses {
  private IdempotentResponses() {}

  /** 201 Created with the outcome's value. */
  public static <T> MutableHttpResponse<T> created(Outcome<T> outcome) {
    return marked(HttpResponse.created(outcome.value()), outcome);
  }

  /** 200 OK with the outcome's value. */
  public static <T> MutableHttpResponse<T> ok(Outcome<T> outcome) {
    return marked(HttpResponse.ok(outcome.value()), outcome);
  }

  private static <T> MutableHttpResponse<T> marked(
      MutableHttpResponse<T> response, Outcome<T> outcome) {
    if (outcome.replayed()) {
      response.header(Outcome.REPLAYED_HEADER, "true");
    }
    return response;
  }
}
