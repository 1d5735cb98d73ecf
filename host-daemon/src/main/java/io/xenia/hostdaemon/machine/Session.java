package io.xenia.hostdaemon.machine;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.images.ImageRef;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The desired state of a machine while a customer holds it: the session it serves and what must be
 * on it. Persisted with the machine, so that after a crash the reconciler knows what to converge
 * to.
 *
 * @param sessionId the lease session (the marker a deployment leaves on the machine)
 * @param agreementId the agreement the session runs under
 * @param customerAccountId who pays
 * @param customerPublicKey the customer's Ed25519 key
 * @param sshPublicKeys {@code authorized_keys} lines for the machine; at least one
 * @param limits the agreed CPU and memory
 * @param image the OS image, or empty for the driver's default (set when provisioning starts)
 * @param agreement the host-signed agreement envelope, as returned to the broker
 * @param notAfter when the lease ends, or empty for an open-ended lease
 */
public record Session(
    String sessionId,
    String agreementId,
    String customerAccountId,
    Ed25519PublicKey customerPublicKey,
    List<String> sshPublicKeys,
    Limits limits,
    Optional<ImageRef> image,
    Optional<SignedEnvelope> agreement,
    Optional<Instant> notAfter) {
  public Session {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(agreementId, "agreementId is null");
    requireNonNull(customerAccountId, "customerAccountId is null");
    requireNonNull(customerPublicKey, "customerPublicKey is null");
    sshPublicKeys = List.copyOf(sshPublicKeys);
    if (sshPublicKeys.isEmpty()) {
      throw new IllegalArgumentException("a session needs at least one SSH key");
    }
    requireNonNull(limits, "limits is null");
    requireNonNull(image, "image is null");
    requireNonNull(agreement, "agreement is null");
    notAfter =
        requireNonNull(notAfter, "notAfter is null").map(t -> t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The same session with the host-signed agreement. */
  public Session withAgreement(SignedEnvelope envelope) {
    return new Session(
        sessionId,
        agreementId,
        customerAccountId,
        customerPublicKey,
        sshPublicKeys,
        limits,
        image,
        Optional.of(envelope),
        notAfter);
  }

  /** The same session with the image and keys a provision request names. */
  public Session withDeployment(Optional<ImageRef> newImage, List<String> newKeys) {
    return new Session(
        sessionId,
        agreementId,
        customerAccountId,
        customerPublicKey,
        newKeys,
        limits,
        newImage,
        agreement,
        notAfter);
  }
}
