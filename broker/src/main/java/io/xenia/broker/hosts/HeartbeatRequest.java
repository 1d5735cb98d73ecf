package io.xenia.broker.hosts;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** A host's heartbeat, signed by its Ed25519 key (see docs/host-daemon.md for the bytes). */
@Serdeable
public record HeartbeatRequest(
    @Positive @Schema(description = "Grows with every heartbeat of the host.") long sequence,
    long signedAtEpochMs,
    @PositiveOrZero int machinesTotal,
    @PositiveOrZero int machinesReady,
    @NotBlank @Schema(description = "base64url Ed25519 signature by the host key.")
        String signature) {}
