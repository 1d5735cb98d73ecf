package io.xenia.broker.hosts;

import io.micronaut.context.BeanProvider;
import io.xenia.broker.common.Ids;
import io.xenia.broker.search.MembershipIssuer;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipRole;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * Issues a host's certificates (mTLS from the host CA, DHT membership with role HOST from the
 * search CA) and records their serials, inside the caller's transaction. Used by enrollment and
 * rotation.
 */
@Singleton
final class CredentialsIssuer {
  // Looked up at the first issue: a broker without a host CA starts (and refuses enrollment).
  private final BeanProvider<HostCertificateAuthority> ca;
  private final BeanProvider<MembershipIssuer> membership;
  private final HostsConfig config;
  private final Clock clock;

  CredentialsIssuer(
      BeanProvider<HostCertificateAuthority> ca,
      BeanProvider<MembershipIssuer> membership,
      HostsConfig config,
      Clock clock) {
    this.ca = ca;
    this.membership = membership;
    this.config = config;
    this.clock = clock;
  }

  CompletionStage<HostCredentials> issue(
      Stage.Session session, HostEntity host, PublicKey tlsKey, List<String> tlsNames) {
    if (!membership.isPresent()) {
      throw new IllegalStateException(
          "host enrollment needs the DHT membership CA: xenia.search.enabled must be true");
    }
    MembershipIssuer issuer = membership.get();
    IssuedCertificate tls = ca.get().issueHost(host.id, tlsKey, tlsNames);
    MembershipCertificate member =
        issuer.issue(host.hostKey(), MembershipRole.HOST, "host-" + host.id);
    var now = clock.instant();
    var tlsRow =
        new HostCertificateEntity(
            Ids.newId(), host.id, HostCertificateEntity.TLS, tls.serial(), now, tls.notAfter());
    var memberRow =
        new HostCertificateEntity(
            Ids.newId(),
            host.id,
            HostCertificateEntity.MEMBERSHIP,
            member.claims().serial(),
            now,
            member.claims().notAfter());
    var credentials =
        new HostCredentials(
            tls.pem(),
            tls.serial(),
            tls.notAfter(),
            new String(member.toJson(), StandardCharsets.UTF_8),
            member.claims().serial(),
            List.of(X509Pem.certificate(ca.get().certificate())),
            issuer.caPublicKey().toBase64Url(),
            config.heartbeatInterval().toMillis());
    return session
        .persist(tlsRow)
        .thenCompose(ignored -> session.persist(memberRow))
        .thenApply(ignored -> credentials);
  }
}
