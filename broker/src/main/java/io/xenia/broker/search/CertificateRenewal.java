package io.xenia.broker.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews this node's membership certificate before it expires: every ten minutes it checks whether
 * two thirds of the certificate's validity have passed, and if so issues a new one and asks the
 * {@link SearchNetwork} to install it.
 *
 * <p>The transport presents the renewed certificate in new handshakes without a restart. If it does
 * not take it, the check logs one WARN per certificate asking for a restart before it expires, and
 * the health indicator reports the certificate's end.
 */
@Singleton
@Requires(property = SearchNetworkFactory.ENABLED, notEquals = "false")
final class CertificateRenewal {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);
  private final SearchNetwork network;
  private final Clock clock;
  // Only touched by the scheduler, one check at a time.
  private MembershipCertificate warnedAbout;

  CertificateRenewal(SearchNetwork network, Clock clock) {
    this.network = network;
    this.clock = clock;
  }

  /** When a certificate is due for renewal: after two thirds of its validity. */
  static Instant renewalDue(MembershipClaims claims) {
    Duration validity = Duration.between(claims.notBefore(), claims.notAfter());
    return claims.notBefore().plus(validity.multipliedBy(2).dividedBy(3));
  }

  @Scheduled(fixedDelay = "10m", initialDelay = "1m")
  void scheduledCheck() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("membership certificate renewal check failed; the next check retries", e);
    }
  }

  /**
   * Renews if due.
   *
   * @return whether a renewed certificate was installed
   */
  boolean check() {
    MembershipCertificate current = network.certificate();
    MembershipClaims claims = current.claims();
    if (clock.instant().isBefore(renewalDue(claims)) || current.equals(warnedAbout)) {
      return false;
    }
    MembershipCertificate renewed =
        network.issuer().issue(claims.subject(), claims.role(), claims.subjectName());
    if (network.install(renewed)) {
      LOG.info(
          "renewed the search DHT membership certificate until {}", renewed.claims().notAfter());
      return true;
    }
    warnedAbout = current;
    LOG.warn(
        "the search DHT membership certificate expires at {} and the DHT transport did not take"
            + " the renewed one: restart this broker before then (a restart issues a new one),"
            + " or peers will refuse new sessions with it",
        claims.notAfter());
    return false;
  }
}
