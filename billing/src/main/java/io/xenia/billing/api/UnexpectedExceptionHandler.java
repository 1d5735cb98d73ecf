package io.xenia.billing.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for runtime exceptions: problems found in the cause chain are rendered as such;
 * an unreachable database is a 503 the client may retry; anything else is logged with an id that
 * the 500 response repeats.
 */
@Produces(Problem.MEDIA_TYPE)
@Singleton
final class UnexpectedExceptionHandler
    implements ExceptionHandler<RuntimeException, HttpResponse<Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, RuntimeException exception) {
    var problem = Failures.problemIn(exception);
    if (problem.isPresent()) {
      return ProblemResponses.of(problem.get(), request);
    }
    String path = request.getPath();
    if (Failures.isUnavailable(exception)) {
      LOG.warn(
          "database unavailable for {} {}: {}", request.getMethod(), path, exception.toString());
      return ProblemResponses.of(
          Problem.of(
              ProblemType.SERVICE_UNAVAILABLE, "A dependency is unreachable; retry later", path));
    }
    String errorId = UUID.randomUUID().toString();
    LOG.error("unexpected failure {} for {} {}", errorId, request.getMethod(), path, exception);
    var e =
        new BillingException(ProblemType.INTERNAL_ERROR, "Unexpected failure; quote its errorId");
    e.with("errorId", errorId);
    return ProblemResponses.of(e, request);
  }
}
