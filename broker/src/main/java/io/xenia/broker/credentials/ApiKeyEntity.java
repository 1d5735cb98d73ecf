package io.xenia.broker.credentials;

import io.xenia.broker.access.Scope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Row of {@code api_key}. */
@Entity
@Table(name = "api_key")
public class ApiKeyEntity {
  @Id UUID id;

  @Column(name = "account_id")
  UUID accountId;

  String name;

  @Column(name = "secret_hash")
  byte[] secretHash;

  String scopes;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "expires_at")
  Instant expiresAt;

  @Column(name = "revoked_at")
  Instant revokedAt;

  protected ApiKeyEntity() {}

  ApiKeyEntity(ApiKey key, byte[] secretHash) {
    this.id = key.id();
    this.accountId = key.accountId();
    this.name = key.name();
    this.secretHash = secretHash;
    this.scopes = ScopeSet.format(key.scopes());
    this.createdAt = key.createdAt();
    this.expiresAt = key.expiresAt().orElse(null);
    this.revokedAt = key.revokedAt().orElse(null);
  }

  ApiKey toApiKey() {
    Set<Scope> parsed = ScopeSet.parseStored(scopes);
    return new ApiKey(
        id,
        accountId,
        name,
        parsed,
        createdAt,
        Optional.ofNullable(expiresAt),
        Optional.ofNullable(revokedAt));
  }
}
