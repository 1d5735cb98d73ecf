package io.xenia.broker.credentials;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.access.Scope;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as the API shows it: never its secret. */
@Serdeable
@Schema(name = "ApiKey")
public record ApiKeyView(
    UUID id,
    UUID accountId,
    String name,
    List<String> scopes,
    @Schema(allowableValues = {"active", "expired", "revoked"}) String status,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt) {

  public static ApiKeyView of(ApiKey key, Instant now) {
    String status =
        key.revokedAt().isPresent()
            ? "revoked"
            : key.unusableReason(now).isPresent() ? "expired" : "active";
    return new ApiKeyView(
        key.id(),
        key.accountId(),
        key.name(),
        key.scopes().stream().sorted().map(Scope::wireName).toList(),
        status,
        key.createdAt(),
        key.expiresAt().orElse(null),
        key.revokedAt().orElse(null));
  }
}
