package io.xenia.broker.hosts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code xenia.hosts.*}: the host CA's key file, certificate validity, enrollment token lifetimes
 * and the failure detector's rule.
 *
 * @param caKeyFile the host CA's private key (PKCS#8 PEM, 0600; created if absent, its certificate
 *     beside it as {@code <name>.crt}); default {@code host-ca-key.pem} beside {@code
 *     xenia.search.ca-key-file}
 * @param certificateValidity how long a host's mTLS certificate is valid (rotate before it ends)
 * @param heartbeatInterval how often daemons are told to send a heartbeat
 * @param suspectAfterMissed missed intervals after which a host is suspect
 * @param downAfterMissed missed intervals after which a host is down
 * @param detectorInterval how often the failure detector looks (also {@code
 *     xenia.hosts.detector-interval} of its schedule)
 * @param enrollmentTokenValidity a new token's lifetime when the request names none
 * @param enrollmentTokenMaxValidity the longest lifetime a request may ask for
 */
@ConfigurationProperties("xenia.hosts")
public record HostsConfig(
    @Nullable String caKeyFile,
    @Bindable(defaultValue = "30d") Duration certificateValidity,
    @Bindable(defaultValue = "10s") Duration heartbeatInterval,
    @Bindable(defaultValue = "3") int suspectAfterMissed,
    @Bindable(defaultValue = "6") int downAfterMissed,
    @Bindable(defaultValue = "5s") Duration detectorInterval,
    @Bindable(defaultValue = "1h") Duration enrollmentTokenValidity,
    @Bindable(defaultValue = "7d") Duration enrollmentTokenMaxValidity) {

  public HostsConfig {
    positive(certificateValidity, "certificate-validity");
    positive(heartbeatInterval, "heartbeat-interval");
    positive(detectorInterval, "detector-interval");
    positive(enrollmentTokenValidity, "enrollment-token-validity");
    positive(enrollmentTokenMaxValidity, "enrollment-token-max-validity");
    try {
      new Liveness(heartbeatInterval, suspectAfterMissed, downAfterMissed);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("xenia.hosts: " + e.getMessage());
    }
  }

  public Liveness liveness() {
    return new Liveness(heartbeatInterval, suspectAfterMissed, downAfterMissed);
  }

  /** The CA key file: configured, or beside the search CA key. */
  Path caKeyPath(@Nullable String searchCaKeyFile) {
    if (caKeyFile != null && !caKeyFile.isBlank()) {
      return Path.of(caKeyFile);
    }
    if (searchCaKeyFile == null || searchCaKeyFile.isBlank()) {
      throw new ConfigurationException(
          "xenia.hosts.ca-key-file (environment XENIA_HOSTS_CA_KEY_FILE) is required when"
              + " xenia.search.ca-key-file is not set: the file is created if absent");
    }
    return Path.of(searchCaKeyFile).toAbsolutePath().resolveSibling("host-ca-key.pem");
  }

  private static void positive(Duration d, String key) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new ConfigurationException("xenia.hosts." + key + " must be positive, not " + d);
    }
  }
}
