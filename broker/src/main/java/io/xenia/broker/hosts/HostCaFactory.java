package io.xenia.broker.hosts;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** The host CA bean, loaded (or created) from {@link HostsConfig#caKeyPath} at start-up. */
@Factory
final class HostCaFactory {
  @Singleton
  HostCertificateAuthority hostCertificateAuthority(
      HostsConfig config,
      @Nullable @Value("${xenia.search.ca-key-file:}") String searchCaKeyFile,
      Clock clock) {
    SecureRandom random = new SecureRandom();
    var loaded = HostCaFiles.loadOrCreate(config.caKeyPath(searchCaKeyFile), random);
    return new HostCertificateAuthority(
        loaded.key(), loaded.certificate(), config.certificateValidity(), clock, random);
  }
}
