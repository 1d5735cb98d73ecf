package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * New certificates for an enrolled host. Sent with the operator's API key, or without one and
 * signed by the host's key ({@code signedAtEpochMs} and {@code signature}; see
 * docs/host-daemon.md).
 */
@Serdeable
public record RotateCertificatesRequest(
    @NotBlank @Schema(description = "A PEM PKCS#10 CSR for a (new) ECDSA P-256 key.") String tlsCsr,
    @Nullable @Size(max = 16) List<@Pattern(regexp = "[A-Za-z0-9.:-]{1,253}") String> tlsNames,
    @Nullable Long signedAtEpochMs,
    @Nullable @Schema(description = "base64url Ed25519 signature by the host key.")
        String signature) {}
