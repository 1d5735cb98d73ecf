package io.xenia.broker.hosts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code host_certificate}: one certificate issued to a host. */
@Entity
@Table(name = "host_certificate")
public class HostCertificateEntity {
  static final String TLS = "tls";
  static final String MEMBERSHIP = "membership";

  @Id UUID id;

  @Column(name = "host_id")
  UUID hostId;

  String kind;
  long serial;

  @Column(name = "issued_at")
  Instant issuedAt;

  @Column(name = "not_after")
  Instant notAfter;

  @Column(name = "revoked_at")
  Instant revokedAt;

  protected HostCertificateEntity() {}

  HostCertificateEntity(
      UUID id, UUID hostId, String kind, long serial, Instant issuedAt, Instant notAfter) {
    this.id = id;
    this.hostId = hostId;
    this.kind = kind;
    this.serial = serial;
    this.issuedAt = issuedAt;
    this.notAfter = notAfter;
  }
}
