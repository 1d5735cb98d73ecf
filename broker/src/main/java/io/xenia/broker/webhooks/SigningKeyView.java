package io.xenia.broker.webhooks;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The broker's Ed25519 public key that signs webhooks (and countersigns agreements). */
@Serdeable
@Schema(name = "BrokerSigningKey")
public record SigningKeyView(
    @Schema(allowableValues = {"ed25519"}) String algorithm,
    @Schema(description = "The 32-byte key, base64url without padding.") String publicKey,
    @Schema(description = "The same key in hex.") String publicKeyHex,
    String fingerprint,
    @Schema(description = "The record type in the signing input: xenia-v1:webhook-event:<body>.")
        String recordType) {}
