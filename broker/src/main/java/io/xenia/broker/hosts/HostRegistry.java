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
import io.xenia.dht.query.Query;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
                      return row;
                    })
                .thenCompose(
                    row ->
                        session
                            .find(HostMetricsEntity.class, id)
                            .thenApply(m -> HostView.of(row, m))));
  }

  /** The caller's hosts (staff: everyone's, or one account's), by id. */
  public CompletableFuture<Page<HostView>> list(
      Caller caller, Optional<UUID> accountId, Optional<HostStatus> status, PageRequest page) {
    return list(caller, accountId, status, Optional.empty(), page);
  }

  /**
   * The caller's hosts (staff: everyone's, or one account's) that match a fleet query ({@code
   * Vocabulary.HOSTS}, docs/fleet.md), by id, with their latest metrics. The query is evaluated
   * here over the rows in id order, {@link #SCAN_BATCH} at a time, until the page is full: its cost
   * grows with the hosts scanned, not the hosts matched.
   */
  public CompletableFuture<Page<HostView>> list(
      Caller caller,
      Optional<UUID> accountId,
      Optional<HostStatus> status,
      Optional<Query> query,
      PageRequest page) {
    caller.require(Scope.HOSTS_READ);
    Optional<UUID> owner = caller.kind().isStaff() ? accountId : Optional.of(caller.accountId());
    Instant now = clock.instant();
    String hql =
        "select h, m from HostEntity h left join HostMetricsEntity m on m.hostId = h.id"
            + " where h.id > :after"
            + (owner.isPresent() ? " and h.accountId = :owner" : "")
            + (status.isPresent() ? " and h.status = :status" : "")
            + " order by h.id";
    return database.read(
        session -> {
          List<HostView> matched = new ArrayList<>();
          return scan(session, hql, owner, status, query, now, page.after(), page, matched)
              .thenApply(done -> Pages.of(matched, page, HostView::id));
        });
  }

  /** Rows scanned per query while filling a page of a fleet query. */
  static final int SCAN_BATCH = 500;

  private CompletionStage<Void> scan(
      Stage.Session session,
      String hql,
      Optional<UUID> owner,
      Optional<HostStatus> status,
      Optional<Query> query,
      Instant now,
      Optional<UUID> after,
      PageRequest page,
      List<HostView> matched) {
    int batch = query.isPresent() ? SCAN_BATCH : page.fetchSize();
    var q =
        session
            .createSelectionQuery(hql, Object[].class)
            .setParameter("after", after.orElse(new UUID(0, 0)))
            .setMaxResults(batch)
            // Nothing is changed: no snapshots for dirty checking of thousands of rows.
            .setReadOnly(true);
    owner.ifPresent(o -> q.setParameter("owner", o));
    status.ifPresent(s -> q.setParameter("status", s.wireName()));
    return q.getResultList()
        .thenCompose(
            rows -> {
              for (Object[] row : rows) {
                HostEntity h = (HostEntity) row[0];
                HostMetricsEntity m = (HostMetricsEntity) row[1];
                if (query.isEmpty() || query.get().matches(HostAttributes.of(h, m, now))) {
                  matched.add(HostView.of(h, m));
                  if (matched.size() == page.fetchSize()) {
                    return CompletableFuture.completedFuture(null);
                  }
                }
              }
              if (rows.size() < batch) {
                return CompletableFuture.completedFuture(null);
              }
              UUID last = ((HostEntity) rows.get(rows.size() - 1)[0]).id;
              return scan(
                  session, hql, owner, status, query, now, Optional.of(last), page, matched);
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
                      HostMetricsReport report = HostMetricsReport.parse(request.metrics());
                      HostProof.verify(
                          host.hostKey(),
                          HostProof.heartbeat(
                              id,
                              request.sequence(),
                              request.signedAtEpochMs(),
                              request.machinesTotal(),
                              request.machinesReady(),
                              request.controlEndpoint(),
                              request.metrics()),
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
                      return metrics(session, id, report, now)
                          .thenCompose(ignored -> crl(session))
                          .thenApply(
                              crl ->
                                  new HeartbeatResponse(
                                      host.status,
                                      config.heartbeatInterval().toMillis(),
                                      X509Pem.crl(crl)));
                    }));
  }

  /** Replaces the host's stored metrics with a heartbeat's, if it carried any. */
  private static CompletionStage<Void> metrics(
      Stage.Session session, UUID hostId, HostMetricsReport report, Instant now) {
    if (report == null) {
      return CompletableFuture.completedFuture(null);
    }
    return session
        .find(HostMetricsEntity.class, hostId)
        .thenCompose(
            row -> {
              if (row != null) {
                row.record(report, now);
                return CompletableFuture.completedFuture(null);
              }
              HostMetricsEntity fresh = new HostMetricsEntity(hostId);
              fresh.record(report, now);
              return session.persist(fresh);
            });
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
