package io.xenia.broker.sessions;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A session's agreement in force as the customer verifies it: the SignedEnvelope (canonical JSON,
 * docs/protocol.md) carrying the host's and the broker's Ed25519 signatures over the same bytes,
 * and the two public keys (base64url) that must have signed.
 */
@Serdeable
@Schema(name = "SessionAgreement")
public record AgreementView(
    @Schema(description = "The envelope's canonical JSON, base64url (verify it as it is).")
        String envelope,
    @Schema(description = "The same envelope as text, for reading.") String envelopeJson,
    String hostPublicKey,
    String brokerPublicKey) {

  static AgreementView of(byte[] envelope, Ed25519PublicKey host, Ed25519PublicKey broker) {
    return new AgreementView(
        Base64.getUrlEncoder().withoutPadding().encodeToString(envelope),
        new String(envelope, StandardCharsets.UTF_8),
        host.toBase64Url(),
        broker.toBase64Url());
  }
}
