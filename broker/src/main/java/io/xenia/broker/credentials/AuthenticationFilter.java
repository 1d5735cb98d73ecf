package io.xenia.broker.credentials;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.xenia.broker.access.Caller;
import io.xenia.broker.problems.Failures;
import io.xenia.broker.problems.ProblemResponses;
import io.xenia.broker.problems.XeniaException;
import java.util.concurrent.CompletableFuture;

/**
 * Authenticates every request under {@code /v1} by its API key and leaves the {@link Caller} in the
 * request attribute {@value Caller#ATTRIBUTE}. Deny by default: the only route reachable without a
 * key is account registration, where a key (an admin's) is optional.
 */
@ServerFilter("/v1/**")
final class AuthenticationFilter {
  private static final String BEARER = "Bearer ";
  private final CredentialService credentials;

  AuthenticationFilter(CredentialService credentials) {
    this.credentials = credentials;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  HttpResponse<?> authenticate(HttpRequest<?> request) {
    return authenticateAsync(request).join();
  }

  private CompletableFuture<@Nullable HttpResponse<?>> authenticateAsync(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      if (isOpen(request)) {
        return CompletableFuture.completedFuture(null);
      }
      return refuse(
          request, CredentialService.unauthenticated("send Authorization: Bearer <API key>"));
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return refuse(
          request, CredentialService.unauthenticated("only Bearer API keys are accepted"));
    }
    return credentials
        .authenticate(header.substring(BEARER.length()).trim())
        .handle(
            (caller, failure) -> {
              if (failure != null) {
                var problem = Failures.problemIn(failure);
                if (problem.isPresent()) {
                  return challenge(ProblemResponses.of(problem.get(), request));
                }
                throw new java.util.concurrent.CompletionException(Failures.unwrap(failure));
              }
              request.setAttribute(Caller.ATTRIBUTE, caller);
              return null;
            });
  }

  /**
   * Routes reachable without an API key: registration, and the host routes that authenticate
   * otherwise (an enrollment token, or a signature by the host's key; see io.xenia.broker.hosts).
   */
  private static boolean isOpen(HttpRequest<?> request) {
    String path = request.getPath();
    if (request.getMethod() == HttpMethod.GET) {
      // Image blobs: a host signs the request with its enrolled key instead (ImageService checks).
      return path.equals("/v1/hosts/certificate-authority")
          || path.equals("/v1/webhooks/signing-key")
          || (path.startsWith("/v1/images/blobs/sha256/")
              && request.getHeaders().contains("X-Xenia-Host-Id"));
    }
    return request.getMethod() == HttpMethod.POST
        && (path.equals("/v1/accounts")
            || path.equals("/v1/hosts/enroll")
            || HOST_SIGNED.matcher(path).matches());
  }

  private static final java.util.regex.Pattern HOST_SIGNED =
      java.util.regex.Pattern.compile("/v1/hosts/[0-9a-fA-F-]{36}/(heartbeats|certificates)");

  private static CompletableFuture<@Nullable HttpResponse<?>> refuse(
      HttpRequest<?> request, XeniaException e) {
    return CompletableFuture.completedFuture(challenge(ProblemResponses.of(e, request)));
  }

  private static HttpResponse<?> challenge(io.micronaut.http.MutableHttpResponse<?> response) {
    if (response.code() == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"xenia\"");
    }
    return response;
  }
}
