package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Driver#deploy} puts on a machine for one session.
 *
 * @param sessionId the session, left on the machine as its marker
 * @param image the OS image, or empty to use the driver's default image
 * @param sshPublicKeys the customer's keys in OpenSSH {@code authorized_keys} form; at least one
 * @param limits the agreed CPU and memory
 * @param hostname the machine's host name inside
 */
public record Deployment(
    String sessionId,
    Optional<BootImage> image,
    List<String> sshPublicKeys,
    Limits limits,
    String hostname) {
  public Deployment {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(image, "image is null");
    sshPublicKeys = List.copyOf(sshPublicKeys);
    if (sshPublicKeys.isEmpty()) {
      throw new IllegalArgumentException("a deployment needs at least one SSH key");
    }
    requireNonNull(limits, "limits is null");
    requireNonNull(hostname, "hostname is null");
  }
}
