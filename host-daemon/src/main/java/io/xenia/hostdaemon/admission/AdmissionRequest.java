package io.xenia.hostdaemon.admission;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Resources;
import java.time.Duration;
import java.util.Optional;

/**
 * A broker's request to lease one machine, as the control API hands it to {@link Admission#admit}.
 *
 * @param machineId the host's machine
 * @param requested the resources asked for (normally the machine's total)
 * @param offeredPerHour the hourly price the customer pays
 * @param duration how long the lease runs, or empty for open-ended
 * @param customerAccountId the customer's account
 * @param customerPublicKey the customer's key; becomes the machine's SSH key
 * @param sessionId the broker's session id for the lease
 * @param purchaseOrderId the purchase order that pays
 * @param termsVersion the marketplace terms accepted, like {@code "2026-11-01"}
 */
public record AdmissionRequest(
    String machineId,
    Resources requested,
    Money offeredPerHour,
    Optional<Duration> duration,
    String customerAccountId,
    Ed25519PublicKey customerPublicKey,
    String sessionId,
    String purchaseOrderId,
    String termsVersion) {
  public AdmissionRequest {
    requireNonNull(machineId, "machineId is null");
    requireNonNull(requested, "requested is null");
    requireNonNull(offeredPerHour, "offeredPerHour is null");
    requireNonNull(duration, "duration is null");
    requireNonNull(customerAccountId, "customerAccountId is null");
    requireNonNull(customerPublicKey, "customerPublicKey is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(purchaseOrderId, "purchaseOrderId is null");
    requireNonNull(termsVersion, "termsVersion is null");
  }
}
