package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.Map;

/** A host's heartbeat, signed by its Ed25519 key (see docs/host-daemon.md for the bytes). */
@Serdeable
public record HeartbeatRequest(
    @Positive @Schema(description = "Grows with every heartbeat of the host.") long sequence,
    long signedAtEpochMs,
    @PositiveOrZero int machinesTotal,
    @PositiveOrZero int machinesReady,
    @NotBlank @Schema(description = "base64url Ed25519 signature by the host key.")
        String signature,
    @Nullable
        @Schema(
            description =
                "host:port of the daemon's mTLS control API, signed with the rest (absent in"
                    + " heartbeats from daemons before issue 5: the stored one is kept).")
        String controlEndpoint,
    @Nullable
        @Schema(
            description =
                "The host's metrics as text values (cpu.cores, cpu.load, mem.total, mem.used,"
                    + " disk.free, uptime, machines.leased, machines.free, machines.failed,"
                    + " version, region; docs/fleet.md), signed with the rest; unknown members are"
                    + " ignored. Absent: the stored metrics are kept.")
        Map<String, String> metrics) {

  /** A heartbeat without metrics (the format before fleet queries). */
  public HeartbeatRequest(
      long sequence,
      long signedAtEpochMs,
      int machinesTotal,
      int machinesReady,
      String signature,
      String controlEndpoint) {
    this(sequence, signedAtEpochMs, machinesTotal, machinesReady, signature, controlEndpoint, null);
  }

  /** A heartbeat without a control endpoint (the format before issue 5). */
  public HeartbeatRequest(
      long sequence, long signedAtEpochMs, int machinesTotal, int machinesReady, String signature) {
    this(sequence, signedAtEpochMs, machinesTotal, machinesReady, signature, null, null);
  }
}
