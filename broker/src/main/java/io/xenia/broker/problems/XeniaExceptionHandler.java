package io.xenia.broker.problems;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Renders every {@link XeniaException} as its problem document. */
@Produces(Problem.MEDIA_TYPE)
@Singleton
@Requires(classes = {XeniaException.class, ExceptionHandler.class})
public final class XeniaExceptionHandler
    implements ExceptionHandler<XeniaException, HttpResponse<Problem>> {
  @Override
  public HttpResponse<Problem> handle(HttpRequest request, XeniaException exception) {
    return ProblemResponses.of(exception, request);
  }
}
