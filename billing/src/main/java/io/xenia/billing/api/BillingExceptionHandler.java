package io.xenia.billing.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Renders every {@link BillingException} as its problem document. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
final class BillingExceptionHandler
    implements ExceptionHandler<BillingException, HttpResponse<Problem>> {
  @Override
  public HttpResponse<Problem> handle(HttpRequest request, BillingException exception) {
    return ProblemResponses.of(exception, request);
  }
}
