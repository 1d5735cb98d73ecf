package io.xenia.broker.idempotency;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;

/** 201 responses for idempotent creations, marked when they replay an earlier request's result. */
public final class CreatedResponses {
  private CreatedResponses() {}

  public static <T> MutableHttpResponse<T> of(Outcome<T> outcome) {
    MutableHttpResponse<T> response = HttpResponse.created(outcome.value());
    if (outcome.replayed()) {
      response.header(Outcome.REPLAYED_HEADER, "true");
    }
    return response;
  }
}
