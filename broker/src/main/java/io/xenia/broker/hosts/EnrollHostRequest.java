package io.xenia.broker.hosts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A daemon enrolling itself with a one-time token. */
@Serdeable
public record EnrollHostRequest(
    @NotBlank @Schema(description = "The one-time enrollment token.") String token,
    @NotBlank
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")
        @Schema(description = "A name for the host: letters, digits and ._:@-, up to 128.")
        String name,
    @NotBlank @Schema(description = "The host's Ed25519 public key, base64url (32 bytes).")
        String hostPublicKey,
    @NotBlank @Schema(description = "A PEM PKCS#10 CSR for an ECDSA P-256 key.") String tlsCsr,
    @Nullable
        @Size(max = 16)
        @Schema(description = "DNS names or IP addresses to put in the certificate's SAN.")
        List<@Pattern(regexp = "[A-Za-z0-9.:-]{1,253}") String> tlsNames) {}
