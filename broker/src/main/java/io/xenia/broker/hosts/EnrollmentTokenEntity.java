package io.xenia.broker.hosts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code host_enrollment_token}. */
@Entity
@Table(name = "host_enrollment_token")
public class EnrollmentTokenEntity {
  @Id UUID id;

  @Column(name = "account_id")
  UUID accountId;

  @Column(name = "secret_hash")
  byte[] secretHash;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "expires_at")
  Instant expiresAt;

  @Column(name = "used_at")
  Instant usedAt;

  @Column(name = "host_id")
  UUID hostId;

  protected EnrollmentTokenEntity() {}

  EnrollmentTokenEntity(
      UUID id, UUID accountId, byte[] secretHash, Instant createdAt, Instant expiresAt) {
    this.id = id;
    this.accountId = accountId;
    this.secretHash = secretHash.clone();
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }
}
