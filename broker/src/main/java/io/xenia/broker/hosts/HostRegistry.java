package io.xenia.broker.hosts;

import io.micronaut.context.BeanProvider;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.common.Pages;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.broker.search.MembershipIssuer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.LockMode;
import org.hibernate.reactive.stage.Stage;

/**
 * Enrolled hosts: reading them, their heartbeats, revocation, and the host CA's CRL. A revoked host
 * is refused from then on: its heartbeats and rotations fail with {@code host-revoked}, its
 * certificates are on the CRL, and {@link HostFailureListener}s are told.
 */
@Singleton
public final class HostRegistry {
  private final Database database;
  // Looked up when needed: a broker without a host CA (search disabled) still lists hosts.
  private final BeanProvider<HostCertificateAuthority> ca;
  private final BeanProvider<MembershipIssuer> membership;
  private final HostFailureNotifier notifier;
  private final HostTlsTrust trust;
  private final HostsConfig config;
  private final Clock clock;

  HostRegistry(
      Database database,
      BeanProvider<HostCertificateAuthority> ca,
      BeanProvider<MembershipIssuer> membership,
      HostFailureNotifier notifier,
      HostTlsTrust trust,
      HostsConfig config,
      Clock clock) {
    this.database = database;
    this.ca = ca;
    this.membership = membership;
    this.notifier = notifier;
    this.trust = trust;
    this.config = config;
    this.clock = clock;
  }

  public CompletableFuture<HostView> get(Caller caller, UUID id) {
    caller.require(Scope.HOSTS_READ);
    return database.read(
        session ->
            session
                .find(HostEntity.class, id)
                .thenApply(
                    row -> {
                      if (row == null) {
                        throw XeniaException.notFound("host " + id);
                      }
                      caller.requireAccessTo(row.accountId, "host " + id);
                      return HostView.of(row);
                    }));
  }

  /** The caller's hosts (staff: everyone's, or one account's), by id. */
  public CompletableFuture<Page<HostView>> list(
      Caller caller, Optional<UUID> accountId, Optional<HostStatus> status, PageRequest page) {
    caller.require(Scope.HOSTS_READ);
    Optional<UUID> owner = caller.kind().isStaff() ? accountId : Optional.of(caller.accountId());
    String hql =
        "from HostEntity where id > :after"
            + (owner.isPresent() ? " and accountId = :owner" : "")
            + (status.isPresent() ? " and status = :status" : "")
            + " order by id";
    return database.read(
        session -> {
          var query =
              session
                  .createSelectionQuery(hql, HostEntity.class)
                  .setParameter("after", page.after().orElse(new UUID(0, 0)))
                  .setMaxResults(page.fetchSize());
          owner.ifPresent(o -> query.setParameter("owner", o));
          status.ifPresent(s -> query.setParameter("status", s.wireName()));
          return query
              .getResultList()
              .thenApply(
                  rows -> Pages.of(rows.stream().map(HostView::of).toList(), page, HostView::id));
        });
  }

  /** Revokes a host and every certificate issued to it; revoking twice is harmless. */
  public CompletableFuture<HostView> revoke(Caller caller, UUID id, RevokeHostRequest request) {
    caller.require(Scope.HOSTS_WRITE);
    Instant now = clock.instant();
    return database
        .inTransaction(
            session ->
                session
                    .find(HostEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                    .thenCompose(
                        host -> {
                          if (host == null) {
                            throw XeniaException.notFound("host " + id);
                          }
                          caller.requireAccessTo(host.accountId, "host " + id);
                          if (host.status() == HostStatus.REVOKED) {
                            return CompletableFuture.completedFuture(new Revocation(host, false));
                          }
                          host.moveTo(HostStatus.REVOKED, now);
                          host.revokedAt = now;
                          host.revocationReason =
                              request == null || request.reason() == null
                                  ? null
                                  : request.reason().strip();
                          return session
                              .createMutationQuery(
                                  "update HostCertificateEntity set revokedAt = :now"
                                      + " where hostId = :host and revokedAt is null")
                              .setParameter("now", now)
                              .setParameter("host", id)
                              .executeUpdate()
                              .thenApply(n -> new Revocation(host, true));
                        }))
        .thenCompose(r -> trust.refresh().thenApply(ignored -> r))
        .thenApply(
            r -> {
              if (r.changed()) {
                notifier.hostDown(
                    new HostDown(r.host().id, r.host().accountId, HostStatus.REVOKED, now));
              }
              return HostView.of(r.host());
            });
  }

  private record Revocation(HostEntity host, boolean changed) {}

  /**
   * Checks a host-signed request other than a heartbeat or rotation (an image blob fetch): the host
   * exists, is not revoked, and signed {@code message} with its enrolled key within {@link
   * HostProof#MAX_SKEW}. Read-only, so a replay within the skew only repeats a read.
   */
  public CompletableFuture<Void> verifySigned(
      UUID id, byte[] message, String signature, long signedAtEpochMs) {
    Instant now = clock.instant();
    return database.read(
        session ->
            session
                .find(HostEntity.class, id)
                .thenAccept(
                    host -> {
                      if (host == null) {
                        throw XeniaException.notFound("host " + id);
                      }
                      if (host.status() == HostStatus.REVOKED) {
                        throw revoked(host);
                      }
                      HostProof.verify(host.hostKey(), message, signature, signedAtEpochMs, now);
                    }));
  }

  /** Records a signed heartbeat: the host is up; the answer carries the current CRL. */
  public CompletableFuture<HeartbeatResponse> heartbeat(UUID id, HeartbeatRequest request) {
    Instant now = clock.instant();
    return database.inTransaction(
        session ->
            session
                .find(HostEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                .thenCompose(
                    host -> {
                      if (host == null) {
                        throw XeniaException.notFound("host " + id);
                      }
                      if (host.status() == HostStatus.REVOKED) {
                        throw revoked(host);
                      }
                      Optional<ControlEndpoint> endpoint =
                          ControlEndpoint.parse(request.controlEndpoint(), "controlEndpoint");
                      HostProof.verify(
                          host.hostKey(),
                          HostProof.heartbeat(
                              id,
                              request.sequence(),
                              request.signedAtEpochMs(),
                              request.machinesTotal(),
                              request.machinesReady(),
                              request.controlEndpoint()),
                          request.signature(),
                          request.signedAtEpochMs(),
                          now);
                      if (request.sequence() <= host.lastSequence) {
                        throw new XeniaException(
                                ProblemType.HEARTBEAT_STALE,
                                "sequence "
                                    + request.sequence()
                                    + " is not above "
                                    + host.lastSequence)
                            .with("lastSequence", host.lastSequence);
                      }
                      host.lastSequence = request.sequence();
                      host.lastSeenAt = now;
                      host.machinesTotal = request.machinesTotal();
                      host.machinesReady = request.machinesReady();
                      if (request.controlEndpoint() != null) {
                        host.controlEndpoint = endpoint.orElseThrow().toString();
                      }
                      host.moveTo(HostStatus.UP, now);
                      return crl(session)
                          .thenApply(
                              crl ->
                                  new HeartbeatResponse(
                                      host.status,
                                      config.heartbeatInterval().toMillis(),
                                      X509Pem.crl(crl)));
                    }));
  }

  /** The CA certificates, the current CRL and the membership CA key: public, for any peer. */
  public CompletableFuture<CertificateAuthorityView> certificateAuthority() {
    return database.read(
        session ->
            crl(session)
                .thenApply(
                    crl ->
                        new CertificateAuthorityView(
                            List.of(X509Pem.certificate(ca.get().certificate())),
                            X509Pem.crl(crl),
                            membership.isPresent()
                                ? membership.get().caPublicKey().toBase64Url()
                                : "")));
  }

  /** Hosts that are {@code down} or {@code revoked}: for listeners reconciling at start-up. */
  public CompletableFuture<List<HostDown>> unreachableHosts() {
    return database.read(
        session ->
            session
                .createSelectionQuery(
                    "from HostEntity where status in ('down', 'revoked') order by id",
                    HostEntity.class)
                .getResultList()
                .thenApply(
                    rows ->
                        rows.stream()
                            .map(
                                h -> new HostDown(h.id, h.accountId, h.status(), h.statusChangedAt))
                            .toList()));
  }

  private CompletionStage<java.security.cert.X509CRL> crl(Stage.Session session) {
    return session
        .createSelectionQuery(
            "select serial, revokedAt from HostCertificateEntity"
                + " where kind = 'tls' and revokedAt is not null and notAfter > :now",
            Object[].class)
        .setParameter("now", clock.instant())
        .getResultList()
        .thenApply(
            rows ->
                ca.get()
                    .crl(
                        rows.stream()
                            .map(r -> new RevokedSerial((Long) r[0], (Instant) r[1]))
                            .toList()));
  }

  static XeniaException revoked(HostEntity host) {
    return new XeniaException(
            ProblemType.HOST_REVOKED, "host " + host.id + " was revoked at " + host.revokedAt)
        .with("revokedAt", host.revokedAt.toString());
  }
}
