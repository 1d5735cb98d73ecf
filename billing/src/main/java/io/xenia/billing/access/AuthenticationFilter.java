package io.xenia.billing.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.xenia.billing.api.Failures;
import io.xenia.billing.api.ProblemResponses;

/**
 * Authenticates every request under {@code /v1} by the broker's API key and leaves the {@link
 * Caller} in the request attribute {@value Caller#ATTRIBUTE}. Deny by default: billing has no open
 * route (health and metrics live outside {@code /v1}).
 */
@ServerFilter("/v1/**")
final class AuthenticationFilter {
  private static final String BEARER = "Bearer ";
  private final ApiKeyAuthenticator authenticator;

  AuthenticationFilter(ApiKeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  HttpResponse<?> authenticate(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    try {
      if (header == null) {
        throw ApiKeyAuthenticator.unauthenticated("send Authorization: Bearer <API key>");
      }
      if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        throw ApiKeyAuthenticator.unauthenticated("only Bearer API keys are accepted");
      }
      Caller caller = authenticator.authenticate(header.substring(BEARER.length()).trim());
      request.setAttribute(Caller.ATTRIBUTE, caller);
      return null;
    } catch (RuntimeException e) {
      var problem = Failures.problemIn(e);
      if (problem.isEmpty()) {
        throw e; // rendered by the error processor (503 when the database is unreachable)
      }
      return challenge(ProblemResponses.of(problem.get(), request));
    }
  }

  private static HttpResponse<?> challenge(MutableHttpResponse<?> response) {
    if (response.code() == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"xenia\"");
    }
    return response;
  }
}
