package io.xenia.billing.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

/** Renders problems as HTTP responses with the problem+json media type. */
public final class ProblemResponses {
  private ProblemResponses() {}

  public static MutableHttpResponse<Problem> of(Problem problem) {
    return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
        .contentType(Problem.MEDIA_TYPE)
        .body(problem);
  }

  public static MutableHttpResponse<Problem> of(BillingException e, HttpRequest<?> request) {
    return of(Problem.of(e, request == null ? null : request.getPath()));
  }
}
