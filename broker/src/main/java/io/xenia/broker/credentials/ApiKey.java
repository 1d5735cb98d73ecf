package io.xenia.broker.credentials;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.access.Scope;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** An API key as the domain sees it (never its secret). */
public record ApiKey(
    UUID id,
    UUID accountId,
    String name,
    Set<Scope> scopes,
    Instant createdAt,
    Optional<Instant> expiresAt,
    Optional<Instant> revokedAt) {
  public ApiKey {
    requireNonNull(id, "id is null");
    requireNonNull(accountId, "accountId is null");
    scopes = Set.copyOf(scopes);
  }

  /** Why this key cannot be used at {@code now}, if it cannot. */
  public Optional<String> unusableReason(Instant now) {
    if (revokedAt.isPresent()) {
      return Optional.of("the API key was revoked");
    }
    if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
      return Optional.of("the API key expired");
    }
    return Optional.empty();
  }
}
