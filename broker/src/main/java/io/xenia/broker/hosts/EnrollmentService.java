package io.xenia.broker.hosts;

import io.xenia.broker.access.AccountKind;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.common.Ids;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.Failures;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import jakarta.inject.Singleton;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hibernate.LockMode;
import org.hibernate.reactive.stage.Stage;

/**
 * Enrollment tokens, enrollment and certificate rotation. The rule that a token works exactly once
 * lives in {@link #burn}: one conditional UPDATE, which PostgreSQL serialises on the token's row,
 * so of two concurrent enrollments with one token the second finds it used.
 */
@Singleton
public final class EnrollmentService {
  private final Database database;
  private final CredentialsIssuer issuer;
  private final HostsConfig config;
  private final Clock clock;

  EnrollmentService(Database database, CredentialsIssuer issuer, HostsConfig config, Clock clock) {
    this.database = database;
    this.issuer = issuer;
    this.config = config;
    this.clock = clock;
  }

  /** A new one-time token for one host of the caller, a host operator. */
  public CompletableFuture<CreatedEnrollmentToken> createToken(
      Caller caller, CreateEnrollmentTokenRequest request) {
    caller.require(Scope.HOSTS_WRITE);
    if (caller.kind() != AccountKind.HOST_OPERATOR) {
      throw new XeniaException(ProblemType.FORBIDDEN, "only host operators enroll hosts");
    }
    Duration lifetime =
        request.expiresInSeconds() == null
            ? config.enrollmentTokenValidity()
            : Duration.ofSeconds(request.expiresInSeconds());
    if (lifetime.compareTo(config.enrollmentTokenMaxValidity()) > 0) {
      throw XeniaException.invalidField(
          "expiresInSeconds", "must be at most " + config.enrollmentTokenMaxValidity().toSeconds());
    }
    EnrollmentToken token = EnrollmentToken.generate();
    Instant now = clock.instant();
    var row =
        new EnrollmentTokenEntity(
            Ids.newId(), caller.accountId(), token.secretHash(), now, now.plus(lifetime));
    return database.inTransaction(
        session ->
            session
                .persist(row)
                .thenApply(
                    ignored ->
                        new CreatedEnrollmentToken(row.id, token.value(), now, row.expiresAt)));
  }

  /** Burns the token and registers the host, in one transaction; nothing is left if it fails. */
  public CompletableFuture<EnrolledHost> enroll(EnrollHostRequest request) {
    EnrollmentToken token =
        EnrollmentToken.parse(request.token())
            .orElseThrow(
                () ->
                    new XeniaException(
                        ProblemType.ENROLLMENT_TOKEN_INVALID,
                        "the token is not of the form xet_…"));
    Ed25519PublicKey hostKey = hostKey(request.hostPublicKey());
    PublicKey tlsKey = tlsKey(request.tlsCsr());
    List<String> names = request.tlsNames() == null ? List.of() : request.tlsNames();
    UUID hostId = Ids.newId();
    return database
        .inTransaction(
            session ->
                burn(session, token, hostId)
                    .thenCompose(
                        operator ->
                            session
                                .createSelectionQuery(
                                    "select count(*) from HostEntity where hostKey = :key",
                                    Long.class)
                                .setParameter("key", hostKey.bytes())
                                .getSingleResult()
                                .thenCompose(
                                    existing -> {
                                      if (existing > 0) {
                                        throw new XeniaException(
                                            ProblemType.HOST_ALREADY_ENROLLED,
                                            "host key "
                                                + hostKey.fingerprint()
                                                + " is already enrolled; rotate its certificates"
                                                + " instead");
                                      }
                                      var host =
                                          new HostEntity(
                                              hostId,
                                              operator,
                                              request.name(),
                                              hostKey,
                                              clock.instant());
                                      return session
                                          .persist(host)
                                          .thenCompose(ignored -> session.flush())
                                          .thenCompose(
                                              ignored -> issuer.issue(session, host, tlsKey, names))
                                          .thenApply(
                                              credentials ->
                                                  new EnrolledHost(HostView.of(host), credentials));
                                    })))
        .exceptionally(
            failure -> {
              // Two tokens enrolling one key at once: the loser hits the unique index, not the
              // check.
              if (Failures.problemIn(failure).isEmpty() && mentions(failure, "host_host_key_key")) {
                throw new XeniaException(
                    ProblemType.HOST_ALREADY_ENROLLED,
                    "host key " + hostKey.fingerprint() + " was enrolled concurrently");
              }
              throw new java.util.concurrent.CompletionException(Failures.unwrap(failure));
            });
  }

  private static boolean mentions(Throwable failure, String constraint) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains(constraint)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Marks the token used by {@code hostId} if it is unused and unexpired; the owner's account id,
   * or the reason it cannot be used.
   */
  private CompletionStage<UUID> burn(Stage.Session session, EnrollmentToken token, UUID hostId) {
    Instant now = clock.instant();
    byte[] hash = token.secretHash();
    return session
        .createMutationQuery(
            "update EnrollmentTokenEntity set usedAt = :now, hostId = :host"
                + " where secretHash = :hash and usedAt is null and expiresAt > :now")
        .setParameter("now", now)
        .setParameter("host", hostId)
        .setParameter("hash", hash)
        .executeUpdate()
        .thenCompose(
            updated ->
                session
                    .createSelectionQuery(
                        "from EnrollmentTokenEntity where secretHash = :hash",
                        EnrollmentTokenEntity.class)
                    .setParameter("hash", hash)
                    .getSingleResultOrNull()
                    .thenApply(
                        row -> {
                          if (row == null) {
                            throw new XeniaException(
                                ProblemType.ENROLLMENT_TOKEN_INVALID,
                                "the broker issued no such enrollment token");
                          }
                          if (updated == 1) {
                            return row.accountId;
                          }
                          if (row.usedAt != null) {
                            throw new XeniaException(
                                    ProblemType.ENROLLMENT_TOKEN_USED,
                                    "the enrollment token was used at " + row.usedAt)
                                .with("usedAt", row.usedAt.toString());
                          }
                          throw new XeniaException(
                                  ProblemType.ENROLLMENT_TOKEN_EXPIRED,
                                  "the enrollment token expired at " + row.expiresAt)
                              .with("expiredAt", row.expiresAt.toString());
                        }));
  }

  /**
   * New certificates for a host: by its operator's (or an admin's) API key, or — {@code caller}
   * empty — by a request the host signed with its key.
   */
  public CompletableFuture<HostCredentials> rotate(
      Optional<Caller> caller, UUID hostId, RotateCertificatesRequest request) {
    caller.ifPresent(c -> c.require(Scope.HOSTS_WRITE));
    if (caller.isEmpty() && (request.signature() == null || request.signedAtEpochMs() == null)) {
      throw new XeniaException(
          ProblemType.UNAUTHENTICATED,
          "send the operator's API key, or signedAtEpochMs and signature by the host key");
    }
    PublicKey tlsKey = tlsKey(request.tlsCsr());
    List<String> names = request.tlsNames() == null ? List.of() : request.tlsNames();
    return database.inTransaction(
        session ->
            session
                .find(HostEntity.class, hostId, LockMode.PESSIMISTIC_WRITE)
                .thenCompose(
                    host -> {
                      if (host == null) {
                        throw XeniaException.notFound("host " + hostId);
                      }
                      if (caller.isPresent()) {
                        caller.get().requireAccessTo(host.accountId, "host " + hostId);
                      } else {
                        HostProof.verify(
                            host.hostKey(),
                            HostProof.rotation(hostId, request.tlsCsr(), request.signedAtEpochMs()),
                            request.signature(),
                            request.signedAtEpochMs(),
                            clock.instant());
                      }
                      if (host.status() == HostStatus.REVOKED) {
                        throw HostRegistry.revoked(host);
                      }
                      return issuer.issue(session, host, tlsKey, names);
                    }));
  }

  private static Ed25519PublicKey hostKey(String base64Url) {
    try {
      return Ed25519PublicKey.fromBase64Url(base64Url.strip());
    } catch (IllegalArgumentException e) {
      throw XeniaException.invalidField(
          "hostPublicKey", "is not an Ed25519 key: " + e.getMessage());
    }
  }

  private static PublicKey tlsKey(String csr) {
    try {
      return HostCertificateAuthority.publicKeyOf(csr);
    } catch (IllegalArgumentException e) {
      throw XeniaException.invalidField("tlsCsr", e.getMessage());
    }
  }
}
