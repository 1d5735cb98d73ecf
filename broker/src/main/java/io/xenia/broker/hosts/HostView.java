package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A host as the API shows it. */
@Serdeable
@Schema(name = "Host")
public record HostView(
    UUID id,
    @Schema(description = "The host-operator account that enrolled it.") UUID accountId,
    String name,
    @Schema(description = "The host's Ed25519 identity key, base64url.") String hostPublicKey,
    @Schema(allowableValues = {"up", "suspect", "down", "revoked"}) String status,
    Instant enrolledAt,
    @Schema(description = "The last accepted heartbeat (or the enrollment).") Instant lastSeenAt,
    Instant statusChangedAt,
    @Nullable Integer machinesTotal,
    @Nullable Integer machinesReady,
    @Nullable @Schema(description = "host:port of its mTLS control API, from its last heartbeat")
        String controlEndpoint,
    @Nullable Instant revokedAt,
    @Nullable String revocationReason,
    @Nullable @Schema(description = "its latest heartbeat's metrics, once one carried them")
        HostMetricsView metrics) {

  static HostView of(HostEntity h) {
    return of(h, null);
  }

  static HostView of(HostEntity h, HostMetricsEntity m) {
    return new HostView(
        h.id,
        h.accountId,
        h.name,
        h.hostKey().toBase64Url(),
        h.status,
        h.enrolledAt,
        h.lastSeenAt,
        h.statusChangedAt,
        h.machinesTotal,
        h.machinesReady,
        h.controlEndpoint,
        h.revokedAt,
        h.revocationReason,
        HostMetricsView.of(m));
  }
}
