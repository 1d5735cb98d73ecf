package io.xenia.broker.access;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the account behind the API key that authenticated the request, and the scopes of
 * that key. Every authorization rule of the API is one of the two checks below.
 */
public record Caller(UUID accountId, AccountKind kind, UUID apiKeyId, Set<Scope> scopes) {
  /** The request attribute under which the authentication filter leaves the caller. */
  public static final String ATTRIBUTE = "xenia.caller";

  public Caller {
    requireNonNull(accountId, "accountId is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(apiKeyId, "apiKeyId is null");
    scopes = Set.copyOf(scopes);
  }

  /** Refuses with {@code forbidden} unless the key holds {@code scope}. */
  public Caller require(Scope scope) {
    if (!scopes.contains(scope)) {
      throw new XeniaException(
              ProblemType.FORBIDDEN, "this API key lacks the scope " + scope.wireName())
          .with("requiredScope", scope.wireName());
    }
    return this;
  }

  /**
   * Refuses unless the caller may act on {@code accountId}: its own, or any account for staff.
   * Others' resources are reported as not found, so that their existence does not leak.
   */
  public Caller requireAccessTo(UUID accountId, String what) {
    if (!kind.isStaff() && !this.accountId.equals(accountId)) {
      throw XeniaException.notFound(what);
    }
    return this;
  }

  public boolean isAdmin() {
    return kind == AccountKind.ADMIN;
  }
}
