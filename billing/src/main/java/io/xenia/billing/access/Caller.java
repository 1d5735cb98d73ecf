package io.xenia.billing.access;

import static java.util.Objects.requireNonNull;

import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.ProblemType;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling billing: the broker account behind the API key of the request, its kind, and the
 * key's effective scopes (wire names such as {@code orders:read}). Every access rule of billing's
 * API is one of the checks below.
 */
public record Caller(UUID accountId, AccountKind kind, UUID apiKeyId, Set<String> scopes) {
  /** The request attribute under which the authentication filter leaves the caller. */
  public static final String ATTRIBUTE = "xenia.billing.caller";

  public Caller {
    requireNonNull(accountId, "accountId is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(apiKeyId, "apiKeyId is null");
    scopes = Set.copyOf(scopes);
  }

  /** Refuses with {@code forbidden} unless the key holds {@code scope}. */
  public Caller require(String scope) {
    if (!scopes.contains(scope)) {
      throw new BillingException(ProblemType.FORBIDDEN, "this API key lacks the scope " + scope)
          .with("requiredScope", scope);
    }
    return this;
  }

  /**
   * Refuses with {@code forbidden} unless the caller is finance or admin and the key holds {@code
   * scope}: finance actions (closing a period, paying out, resolving a dispute).
   */
  public Caller requireStaff(String scope) {
    require(scope);
    if (!kind.isStaff()) {
      throw new BillingException(
              ProblemType.FORBIDDEN, "only finance and admin accounts may do this")
          .with("requiredScope", scope);
    }
    return this;
  }

  /**
   * Refuses unless the caller may see what {@code owner} owns: its own, or anything for staff.
   * Others' things are reported as not found, so their existence does not leak (as in the broker).
   */
  public Caller requireAccessTo(UUID owner, String what) {
    if (!kind.isStaff() && !accountId.equals(owner)) {
      throw BillingException.notFound(what);
    }
    return this;
  }

  /** The account a listing is limited to: the caller's own, or none (everything) for staff. */
  public Optional<UUID> ownerFilter() {
    return kind.isStaff() ? Optional.empty() : Optional.of(accountId);
  }

  public boolean isStaff() {
    return kind.isStaff();
  }
}
