package io.xenia.broker.hosts;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** What a host needs to take part: its certificates and the CAs to trust. */
@Serdeable
@Schema(name = "HostCredentials")
public record HostCredentials(
    @Schema(description = "PEM X.509 certificate (ECDSA P-256) for mTLS, server and client auth.")
        String tlsCertificate,
    long tlsSerial,
    Instant tlsNotAfter,
    @Schema(description = "The DHT membership certificate (role HOST), its JSON text.")
        String membershipCertificate,
    long membershipSerial,
    @Schema(description = "PEM certificates of the host CA: trust only callers they signed.")
        List<String> caCertificates,
    @Schema(description = "The DHT membership CA's Ed25519 public key, base64url.")
        String membershipCaPublicKey,
    @Schema(description = "How often to send a heartbeat, in milliseconds.")
        long heartbeatIntervalMs) {}
