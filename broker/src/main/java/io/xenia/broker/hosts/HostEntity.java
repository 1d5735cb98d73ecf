package io.xenia.broker.hosts;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code host}. */
@Entity
@Table(name = "host")
public class HostEntity {
  @Id UUID id;

  @Column(name = "account_id")
  UUID accountId;

  String name;

  @Column(name = "host_key")
  byte[] hostKey;

  String status;

  @Column(name = "enrolled_at")
  Instant enrolledAt;

  @Column(name = "last_seen_at")
  Instant lastSeenAt;

  @Column(name = "status_changed_at")
  Instant statusChangedAt;

  @Column(name = "last_sequence")
  long lastSequence;

  @Column(name = "machines_total")
  Integer machinesTotal;

  @Column(name = "machines_ready")
  Integer machinesReady;

  @Column(name = "control_endpoint")
  String controlEndpoint;

  @Column(name = "revoked_at")
  Instant revokedAt;

  @Column(name = "revocation_reason")
  String revocationReason;

  protected HostEntity() {}

  HostEntity(UUID id, UUID accountId, String name, Ed25519PublicKey hostKey, Instant now) {
    this.id = id;
    this.accountId = accountId;
    this.name = name;
    this.hostKey = hostKey.bytes();
    this.status = HostStatus.UP.wireName();
    this.enrolledAt = now;
    this.lastSeenAt = now;
    this.statusChangedAt = now;
  }

  HostStatus status() {
    return HostStatus.fromWireName(status).orElseThrow();
  }

  Ed25519PublicKey hostKey() {
    return Ed25519PublicKey.fromBytes(hostKey);
  }

  /** Where its control API listens, once a heartbeat named it. */
  public java.util.Optional<ControlEndpoint> controlEndpoint() {
    return ControlEndpoint.parse(controlEndpoint, "controlEndpoint");
  }

  /** Moves to {@code next}; true when that is a change. */
  boolean moveTo(HostStatus next, Instant now) {
    if (status() == next) {
      return false;
    }
    this.status = next.wireName();
    this.statusChangedAt = now;
    return true;
  }
}
