package io.xenia.broker.hosts;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The broker's answer to a heartbeat: the host's status, the interval, the current CRL. */
@Serdeable
public record HeartbeatResponse(
    @Schema(allowableValues = {"up"}) String status,
    long heartbeatIntervalMs,
    @Schema(description = "PEM X.509 CRL of the host CA: refuse callers whose serial it lists.")
        String crl) {}
