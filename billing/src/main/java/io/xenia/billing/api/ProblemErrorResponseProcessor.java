package io.xenia.billing.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the errors Micronaut itself raises (unreadable JSON, bean validation, unknown routes,
 * wrong methods or media types) as problem+json, so that every error of the API has the same shape
 * and a stable type.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    String path = context.getRequest().getPath();
    Throwable root = context.getRootCause().orElse(null);
    var problem =
        root == null ? java.util.Optional.<BillingException>empty() : Failures.problemIn(root);
    if (problem.isPresent()) {
      return ProblemResponses.of(Problem.of(problem.get(), path));
    }
    if (root != null && Failures.isUnavailable(root)) {
      // Errors raised outside a route (the authentication filter's key lookup) arrive here, not at
      // the
      // exception handlers: an unreachable database is still a 503 the client may retry.
      return ProblemResponses.of(
          Problem.of(
              ProblemType.SERVICE_UNAVAILABLE, "A dependency is unreachable; retry later", path));
    }
    if (root instanceof ConstraintViolationException cve) {
      List<FieldError> errors = new ArrayList<>();
      for (ConstraintViolation<?> v : cve.getConstraintViolations()) {
        errors.add(new FieldError(fieldName(v.getPropertyPath()), v.getMessage()));
      }
      errors.sort(java.util.Comparator.comparing(FieldError::field));
      String detail =
          errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
      ProblemType type = ProblemType.VALIDATION_FAILED;
      return ProblemResponses.of(
          new Problem(
              type.uri(), type.title(), type.status(), detail, path, errors, java.util.Map.of()));
    }
    ProblemType type = typeFor(response.code());
    String detail =
        context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    if (detail.isBlank() || type == ProblemType.INTERNAL_ERROR) {
      detail = type.title();
    }
    return ProblemResponses.of(Problem.of(type, detail, path));
  }

  private static ProblemType typeFor(int status) {
    return switch (status) {
      case 400 -> ProblemType.MALFORMED_REQUEST;
      case 401 -> ProblemType.UNAUTHENTICATED;
      case 403 -> ProblemType.FORBIDDEN;
      case 404 -> ProblemType.NOT_FOUND;
      case 405 -> ProblemType.METHOD_NOT_ALLOWED;
      case 406 -> ProblemType.NOT_ACCEPTABLE;
      case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
      case 503 -> ProblemType.SERVICE_UNAVAILABLE;
      default -> status < 500 ? ProblemType.MALFORMED_REQUEST : ProblemType.INTERNAL_ERROR;
    };
  }

  /** "create.request.amountLimit" (method, argument, property) becomes "amountLimit". */
  private static String fieldName(Path path) {
    List<String> names = new ArrayList<>();
    path.forEach(node -> names.add(node.getName()));
    if (names.size() > 2) {
      return String.join(".", names.subList(2, names.size()));
    }
    return names.isEmpty() ? "request" : names.get(names.size() - 1);
  }
}
