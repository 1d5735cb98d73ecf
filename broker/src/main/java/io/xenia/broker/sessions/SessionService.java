package io.xenia.broker.sessions;

import io.micronaut.context.annotation.Context;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.common.Ids;
import io.xenia.broker.common.Page;
import io.xenia.broker.common.PageRequest;
import io.xenia.broker.common.Pages;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.broker.sessions.OfferCandidates.ReachableHost;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.LockMode;
import org.hibernate.reactive.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions: placement, admission at the hosts, the countersigned agreement, the state machine and
 * the funds rule. A session row exists only once its host admitted it, and every row is written in
 * a transaction that also checks the purchase order still holds enough for all its live sessions.
 */
@Context
public final class SessionService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  private final Database database;
  private final OfferCandidates offers;
  private final HostControlClient hosts;
  private final BrokerIdentity identity;
  private final SessionsConfig config;
  private final Clock clock;
  private final ExecutorService workers;
  private final Provisioner provisioner;
  private final HostEventFeeds hostEvents;
  private final io.xenia.broker.orders.OrderService orders;
  private final io.xenia.broker.images.ImageService images;

  SessionService(
      io.xenia.broker.orders.OrderService orders,
      io.xenia.broker.images.ImageService images,
      Database database,
      OfferCandidates offers,
      HostControlClient hosts,
      BrokerIdentity identity,
      SessionsConfig config,
      HostEventsConfig hostEventsConfig,
      Clock clock) {
    this.orders = orders;
    this.images = images;
    this.database = database;
    this.offers = offers;
    this.hosts = hosts;
    this.identity = identity;
    this.config = config;
    this.clock = clock;
    this.workers = Executors.newFixedThreadPool(8, named("session-worker"));
    this.provisioner = new Provisioner(this, hosts, config, clock);
    this.hostEvents = new HostEventFeeds(hosts, this::hostReported, hostEventsConfig, clock);
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One admitted machine, before it is stored. */
  private record Claim(
      UUID sessionId,
      Candidate candidate,
      ReachableHost host,
      Agreement agreement,
      SignedEnvelope cosigned,
      Money hold) {}

  public CompletableFuture<CreatedSessions> create(Caller caller, CreateSessionRequest body) {
    caller.require(Scope.SESSIONS_WRITE);
    SessionRequest request = SessionRequest.of(body);
    Instant requestedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return image(caller, request).thenCompose(image -> create(caller, request, image, requestedAt));
  }

  /** The registered image the request names (the caller's, available), before any host is asked. */
  private CompletableFuture<Optional<SessionImage>> image(Caller caller, SessionRequest request) {
    if (request.imageId().isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    UUID id = request.imageId().get();
    return images
        .availableForSession(caller, id)
        .thenApply(
            view -> {
              Map<String, String> parts = new java.util.TreeMap<>();
              view.parts().forEach(p -> parts.put(p.name(), p.sha256()));
              return Optional.of(new SessionImage(id, view.kind(), parts));
            });
  }

  private CompletableFuture<CreatedSessions> create(
      Caller caller, SessionRequest request, Optional<SessionImage> image, Instant requestedAt) {
    return database
        .inTransaction(s -> SessionFunds.lock(s, caller, request.purchaseOrderId(), requestedAt))
        .thenCompose(
            funds -> {
              Optional<Instant> leaseEnd = request.duration().map(requestedAt::plus);
              if (leaseEnd.isPresent() && leaseEnd.get().isAfter(funds.expiresAt())) {
                throw XeniaException.invalidField(
                    "durationSeconds",
                    "the lease would end after the purchase order expires ("
                        + funds.expiresAt()
                        + ")");
              }
              return offers
                  .find(
                      request.query(),
                      funds.currency(),
                      config.maxCandidates(),
                      request.hostId(),
                      request.machineId())
                  .thenApplyAsync(
                      found -> claim(caller, request, image, funds, found, requestedAt, leaseEnd),
                      workers)
                  .thenCompose(
                      claims ->
                          store(caller, request, image, claims, requestedAt, leaseEnd)
                              .whenComplete(
                                  (stored, failure) -> {
                                    if (failure != null) {
                                      release(claims, "broker-aborted");
                                    }
                                  }));
            })
        .thenApply(
            stored -> {
              stored.forEach(s -> hostEvents.follow(knownHosts.get(s.hostId)));
              stored.forEach(
                  s -> provisioner.start(s.id, endpointOf(s), image, request.furtherSshKeys()));
              return new CreatedSessions(
                  stored.get(0).groupId, stored.stream().map(SessionView::of).toList());
            });
  }

  private final Map<UUID, ReachableHost> knownHosts =
      new java.util.concurrent.ConcurrentHashMap<>();

  private io.xenia.broker.hosts.ControlEndpoint endpointOf(SessionEntity s) {
    return knownHosts.get(s.hostId).endpoint();
  }

  /** Admission, slot by slot (blocking: a worker thread). */
  private List<Claim> claim(
      Caller caller,
      SessionRequest request,
      Optional<SessionImage> image,
      SessionFunds.OrderFunds funds,
      OfferCandidates.Found found,
      Instant now,
      Optional<Instant> leaseEnd) {
    Placement placement;
    try {
      placement = Placement.plan(found.candidates(), request.count(), request.constraints());
    } catch (NoPlacementException e) {
      throw new XeniaException(
          ProblemType.NO_MACHINE_AVAILABLE, e.getMessage() + " (" + found.describe() + ")");
    }
    found.hosts().forEach(knownHosts::put);
    Duration period = request.duration().orElse(config.minimumPeriod());
    Money committed = Money.zero(funds.currency());
    List<Claim> claims = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    Money shortBy = null;
    while (!placement.isComplete()) {
      Optional<Candidate> next = placement.next();
      if (next.isEmpty()) {
        break;
      }
      Candidate c = next.get();
      Money hold = Reservations.forPeriod(c.pricePerHour(), period);
      if (funds.free().minus(committed).compareTo(hold) < 0) {
        placement.refused(c);
        shortBy = hold;
        continue;
      }
      ReachableHost host = found.hosts().get(c.hostId());
      UUID sessionId = Ids.newId();
      Agreement proposal =
          new Agreement(
              Agreement.VERSION,
              "agr-" + sessionId,
              sessionId.toString(),
              c.advertisement().hostId(),
              c.machineId(),
              caller.accountId().toString(),
              request.customerKey(),
              request.purchaseOrderId().toString(),
              c.advertisement().total(),
              c.advertisement().prices(),
              now,
              leaseEnd.<LeaseEnd>map(LeaseEnd.Fixed::new).orElse(new LeaseEnd.OpenEnded()),
              config.termsVersion());
      AdmissionAnswer answer =
          hosts.admit(host.endpoint(), proposal, image.map(SessionImage::kind));
      if (answer instanceof AdmissionAnswer.Admitted admitted) {
        try {
          Agreement signed = AgreementCheck.hostSigned(admitted.agreement(), host.key(), proposal);
          placement.admitted(c);
          committed = committed.plus(hold);
          claims.add(
              new Claim(
                  sessionId,
                  c,
                  host,
                  signed,
                  admitted.agreement().cosign(identity.signingKey()),
                  hold));
        } catch (RuntimeException e) {
          LOG.warn(
              "host {} answered an admission with a bad agreement: {}", host.id(), e.getMessage());
          placement.refused(c);
          refusals.add(c.machineKey() + ": bad agreement (" + e.getMessage() + ")");
          terminateQuietly(host, sessionId.toString(), "broker-refused-agreement");
        }
      } else if (answer instanceof AdmissionAnswer.Refused refused) {
        placement.refused(c);
        refusals.add(
            c.machineKey()
                + ": "
                + refused.reason()
                + (refused.detail().isBlank() ? "" : " (" + refused.detail() + ")"));
      } else if (answer instanceof AdmissionAnswer.NoAnswer none) {
        placement.refused(c);
        refusals.add(c.machineKey() + ": no answer (" + none.detail() + ")");
        // It may have admitted before the answer was lost: release what we will not use.
        terminateQuietly(host, sessionId.toString(), "broker-timeout");
      }
    }
    if (!placement.isComplete()) {
      release(claims, "broker-placement-failed");
      if (shortBy != null && refusals.isEmpty()) {
        throw new XeniaException(
                ProblemType.INSUFFICIENT_FUNDS,
                "purchase order "
                    + request.purchaseOrderId()
                    + " cannot hold "
                    + shortBy
                    + " more for a session (it has "
                    + funds.free().minus(committed)
                    + " free)")
            .with("requested", shortBy.amount())
            .with("available", funds.free().minus(committed).amount())
            .with("currency", funds.currency().getCurrencyCode());
      }
      throw new XeniaException(
          ProblemType.NO_MACHINE_AVAILABLE,
          "placed "
              + claims.size()
              + " of "
              + request.count()
              + "; refused: "
              + (refusals.isEmpty() ? "none" : String.join("; ", refusals))
              + (shortBy == null ? "" : "; some machines cost more than the order has free"));
    }
    return claims;
  }

  /** Stores the admitted sessions, re-checking the funds rule under the order's lock. */
  private CompletableFuture<List<SessionEntity>> store(
      Caller caller,
      SessionRequest request,
      Optional<SessionImage> image,
      List<Claim> claims,
      Instant requestedAt,
      Optional<Instant> leaseEnd) {
    UUID group = Ids.newId();
    return database.inTransaction(
        s ->
            SessionFunds.lock(s, caller, request.purchaseOrderId(), clock.instant())
                .thenCompose(
                    funds -> {
                      Money total = Money.zero(funds.currency());
                      for (Claim c : claims) {
                        total = total.plus(c.hold());
                      }
                      funds.require(total);
                      Instant now = clock.instant();
                      List<SessionEntity> rows = new ArrayList<>();
                      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
                      for (Claim c : claims) {
                        SessionEntity row = new SessionEntity();
                        row.id = c.sessionId();
                        row.accountId = caller.accountId();
                        row.purchaseOrderId = request.purchaseOrderId();
                        row.groupId = group;
                        row.hostId = c.host().id();
                        row.machineId = c.candidate().machineId();
                        row.region = c.candidate().region();
                        row.state = SessionState.ADMITTED.wireName();
                        row.agreementId = c.agreement().agreementId();
                        row.agreement = c.cosigned().toJson();
                        row.currency = funds.currency().getCurrencyCode();
                        row.pricePerHourMicros = c.candidate().pricePerHour().micros();
                        row.reservedMicros = c.hold().micros();
                        // The host's start and end are the agreed ones.
                        row.leaseStart = c.agreement().notBefore();
                        row.leaseEnd =
                            c.agreement().end() instanceof LeaseEnd.Fixed fixed
                                ? fixed.notAfter()
                                : null;
                        row.createdAt = requestedAt;
                        row.updatedAt = now;
                        row.keepFurtherSshKeys(request.furtherSshKeys());
                        image.ifPresent(
                            i -> {
                              row.imageId = i.imageId();
                              row.imageKind = i.kind();
                              row.imageParts = i.encodedParts();
                            });
                        rows.add(row);
                        chain =
                            chain
                                .thenCompose(v -> s.persist(row))
                                .thenCompose(
                                    v ->
                                        s.persist(
                                            new SessionEventEntity(
                                                row.id,
                                                requestedAt,
                                                "requested",
                                                null,
                                                "purchase order "
                                                    + request.purchaseOrderId()
                                                    + image
                                                        .map(
                                                            i ->
                                                                ", image "
                                                                    + i.imageId()
                                                                    + " ("
                                                                    + i.kind()
                                                                    + ")")
                                                        .orElse(""))))
                                .thenCompose(
                                    v ->
                                        s.persist(
                                            new SessionEventEntity(
                                                row.id,
                                                now,
                                                "admitted",
                                                null,
                                                "host "
                                                    + c.host().id()
                                                    + " machine "
                                                    + row.machineId
                                                    + " signed agreement "
                                                    + row.agreementId
                                                    + "; countersigned by the broker")));
                      }
                      return chain.thenApply(v -> rows);
                    }));
  }

  /** Asks the hosts to give admitted machines back (best effort, logged). */
  private void release(List<Claim> claims, String reason) {
    for (Claim c : claims) {
      terminateQuietly(c.host(), c.sessionId().toString(), reason);
    }
  }

  void terminateQuietly(ReachableHost host, String sessionId, String reason) {
    terminateQuietly(host.endpoint(), sessionId, reason);
  }

  void terminateQuietly(
      io.xenia.broker.hosts.ControlEndpoint endpoint, String sessionId, String reason) {
    workers.execute(
        () -> {
          try {
            hosts.terminate(endpoint, sessionId, reason);
          } catch (HostCallException e) {
            if (e.status() != 404) {
              LOG.warn(
                  "terminating session {} at {} failed: {}", sessionId, endpoint, e.getMessage());
            }
          } catch (RuntimeException e) {
            LOG.warn("terminating session {} at {} failed", sessionId, endpoint, e);
          }
        });
  }

  // ---------------------------------------------------------------- reading

  public CompletableFuture<SessionView> get(Caller caller, UUID id) {
    caller.require(Scope.SESSIONS_READ);
    return database.read(s -> visible(s, caller, id).thenApply(SessionView::of));
  }

  private static CompletionStage<SessionEntity> visible(Stage.Session s, Caller caller, UUID id) {
    return s.find(SessionEntity.class, id)
        .thenApply(
            row -> {
              if (row == null) {
                throw XeniaException.notFound("session " + id);
              }
              caller.requireAccessTo(row.accountId, "session " + id);
              return row;
            });
  }

  public CompletableFuture<Page<SessionView>> list(
      Caller caller, Optional<UUID> accountId, Optional<SessionState> state, PageRequest page) {
    caller.require(Scope.SESSIONS_READ);
    Optional<UUID> owner = caller.kind().isStaff() ? accountId : Optional.of(caller.accountId());
    String hql =
        "from SessionEntity where id > :after"
            + (owner.isPresent() ? " and accountId = :owner" : "")
            + (state.isPresent() ? " and state = :state" : "")
            + " order by id";
    return database.read(
        s -> {
          var query =
              s.createSelectionQuery(hql, SessionEntity.class)
                  .setParameter("after", page.after().orElse(new UUID(0, 0)))
                  .setMaxResults(page.fetchSize());
          owner.ifPresent(o -> query.setParameter("owner", o));
          state.ifPresent(st -> query.setParameter("state", st.wireName()));
          return query
              .getResultList()
              .thenApply(
                  rows ->
                      Pages.of(rows.stream().map(SessionView::of).toList(), page, SessionView::id));
        });
  }

  public CompletableFuture<List<SessionEventView>> events(Caller caller, UUID id, long after) {
    caller.require(Scope.SESSIONS_READ);
    return database.read(
        s ->
            visible(s, caller, id)
                .thenCompose(
                    row ->
                        s.createSelectionQuery(
                                "from SessionEventEntity where sessionId = :id and id > :after"
                                    + " order by id",
                                SessionEventEntity.class)
                            .setParameter("id", id)
                            .setParameter("after", after)
                            .setMaxResults(1000)
                            .getResultList())
                .thenApply(rows -> rows.stream().map(SessionEventView::of).toList()));
  }

  /** The countersigned agreement in force, with the keys that signed it. */
  public CompletableFuture<AgreementView> agreement(Caller caller, UUID id) {
    caller.require(Scope.SESSIONS_READ);
    return database.read(
        s ->
            visible(s, caller, id)
                .thenCompose(
                    row ->
                        s.createNativeQuery(
                                "SELECT host_key FROM host WHERE id = :id", byte[].class)
                            .setParameter("id", row.hostId)
                            .getSingleResult()
                            .thenApply(
                                key ->
                                    AgreementView.of(
                                        row.agreement,
                                        io.xenia.protocol.crypto.Ed25519PublicKey.fromBytes(key),
                                        identity.publicKey()))));
  }

  // ---------------------------------------------------------------- changing

  /** Ends a live session ({@code DELETE}: reason customer); ending an ended one changes nothing. */
  public CompletableFuture<SessionView> end(Caller caller, UUID id, EndReason reason) {
    caller.require(Scope.SESSIONS_WRITE);
    return database
        .inTransaction(
            s ->
                visible(s, caller, id)
                    .thenCompose(
                        row ->
                            s.lock(row, LockMode.PESSIMISTIC_WRITE)
                                .thenCompose(
                                    v -> {
                                      if (row.state().isFinal()) {
                                        return CompletableFuture.completedFuture(
                                            new Ended(row, false));
                                      }
                                      return endRow(
                                              s,
                                              row,
                                              reason,
                                              reason == EndReason.ADMIN
                                                  ? "ended by an administrator"
                                                  : "ended by the customer")
                                          .thenApply(e -> new Ended(row, true));
                                    })))
        .thenApply(
            ended -> {
              if (ended.changed()) {
                terminateAtHost(ended.row(), reason);
              }
              return SessionView.of(ended.row());
            });
  }

  private record Ended(SessionEntity row, boolean changed) {}

  private void terminateAtHost(SessionEntity row, EndReason reason) {
    ReachableHost h = knownHosts.get(row.hostId);
    if (h != null) {
      terminateQuietly(h, row.id.toString(), reason.wireName());
      return;
    }
    offers
        .host(row.hostId)
        .thenAccept(
            found ->
                found.ifPresent(
                    host -> {
                      knownHosts.put(host.id(), host);
                      terminateQuietly(host, row.id.toString(), reason.wireName());
                    }));
  }

  /** Moves a locked row to its final state with an event. */
  static CompletionStage<Void> endRow(
      Stage.Session s, SessionEntity row, EndReason reason, String detail) {
    SessionState target = Transition.endStateFor(row.state(), reason);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    row.moveTo(target, Optional.of(reason), now);
    return s.persist(
            new SessionEventEntity(row.id, now, target.wireName(), reason.wireName(), detail))
        .thenCompose(
            v ->
                io.xenia.broker.webhooks.Outbox.enqueue(
                    s,
                    row.accountId,
                    io.xenia.broker.webhooks.WebhookEvent.SESSION_ENDED,
                    SessionWebhooks.ended(row, detail, now),
                    now));
  }

  /**
   * Moves a session if it is still where {@code from} says (a customer or a failed host may have
   * ended it meanwhile); empty when it was not.
   */
  CompletableFuture<Optional<SessionEntity>> move(
      UUID id,
      SessionState from,
      SessionState to,
      Optional<EndReason> reason,
      String detail,
      java.util.function.Consumer<SessionEntity> also) {
    return database.inTransaction(
        s ->
            s.find(SessionEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                .thenCompose(
                    row -> {
                      if (row == null || row.state() != from) {
                        return CompletableFuture.completedFuture(Optional.<SessionEntity>empty());
                      }
                      Instant now = clock.instant();
                      row.moveTo(to, reason, now);
                      also.accept(row);
                      return s.persist(
                              new SessionEventEntity(
                                  id,
                                  now,
                                  to.wireName(),
                                  reason.map(EndReason::wireName).orElse(null),
                                  detail))
                          .thenCompose(
                              v ->
                                  to.isFinal()
                                      ? io.xenia.broker.webhooks.Outbox.enqueue(
                                          s,
                                          row.accountId,
                                          io.xenia.broker.webhooks.WebhookEvent.SESSION_ENDED,
                                          SessionWebhooks.ended(row, detail, now),
                                          now)
                                      : CompletableFuture.<Void>completedFuture(null))
                          .thenApply(v -> Optional.of(row));
                    }));
  }

  /** The state of a session now (for the provisioner). */
  CompletableFuture<Optional<SessionState>> stateOf(UUID id) {
    return database.read(
        s ->
            s.find(SessionEntity.class, id)
                .thenApply(row -> Optional.ofNullable(row).map(SessionEntity::state)));
  }

  /** Ends every live session on a host that went down or was revoked. */
  public CompletableFuture<Integer> endAllOnHost(UUID hostId, EndReason reason, String detail) {
    return database.inTransaction(
        s ->
            s.createSelectionQuery(
                    "from SessionEntity where hostId = :host and state not in ('failed', 'ended')"
                        + " order by id",
                    SessionEntity.class)
                .setParameter("host", hostId)
                .setLockMode(LockMode.PESSIMISTIC_WRITE)
                .getResultList()
                .thenCompose(
                    rows -> {
                      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
                      for (SessionEntity row : rows) {
                        chain = chain.thenCompose(v -> endRow(s, row, reason, detail));
                      }
                      return chain.thenApply(v -> rows.size());
                    }));
  }

  /** Ends up to {@code batch} live sessions whose lease end has passed (reason expired). */
  public CompletableFuture<Integer> endExpired(int batch) {
    Instant now = clock.instant();
    return database.inTransaction(
        s ->
            s.createSelectionQuery(
                    "from SessionEntity where leaseEnd <= :now"
                        + " and state not in ('failed', 'ended') order by leaseEnd",
                    SessionEntity.class)
                .setParameter("now", now)
                .setMaxResults(batch)
                .setLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList()
                .thenCompose(
                    rows -> {
                      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
                      for (SessionEntity row : rows) {
                        chain =
                            chain.thenCompose(
                                v ->
                                    endRow(
                                        s,
                                        row,
                                        EndReason.EXPIRED,
                                        "the lease ended at " + row.leaseEnd));
                      }
                      return chain.thenApply(v -> rows.size());
                    }));
  }

  /** What a funds sweep changed, for the caller to tell the hosts (after the commits). */
  public record FundsSweep(
      List<SessionEntity> ended,
      List<SessionEntity> paused,
      List<SessionEntity> stillPaused,
      List<SessionEntity> resumed) {}

  private enum Outcome {
    NONE,
    ENDED,
    PAUSED,
    STILL_PAUSED,
    RESUMED
  }

  private record Kept(Outcome outcome, SessionEntity row) {}

  /**
   * The funds rule for open-ended sessions, which hold only {@code minimum-period} of the price at
   * a time ({@link FundsRule}): when less than half a period is left of a session's hold, another
   * period is held from what its purchase order has free; when that is not possible and the hold
   * would run out within {@code margin} (about two sweeps), a running session is paused for {@code
   * funds-grace-period} (nothing accrues while paused) and one not yet running ends; a paused
   * session resumes once its order can hold a period again, and ends {@code funds-exhausted} when
   * its grace is over. Never silently: every step is an event and a webhook (outbox, same
   * transaction). Each session in its own transaction, order row first (the lock order of every
   * funds change).
   *
   * @return what changed, for the caller to tell the hosts; {@code paused} also lists sessions
   *     still paused (the host is asked again: a pause is idempotent)
   */
  public CompletableFuture<FundsSweep> keepOpenEndedHeld(Duration margin) {
    return keepOpenEndedHeld(Optional.empty(), margin);
  }

  /**
   * {@link #keepOpenEndedHeld(Duration)} for the sessions of one purchase order only (or all): the
   * same decision, at once, when the billing service reports that it charged the order beyond what
   * it held ({@link OrderOverrunListener}).
   */
  public CompletableFuture<FundsSweep> keepOpenEndedHeld(Optional<UUID> order, Duration margin) {
    return database
        .read(
            s -> {
              var query =
                  s.createSelectionQuery(
                      // Fixed leases hold their whole price; only billing's charges (metered)
                      // can take it.
                      "from SessionEntity where "
                          + (config.metered() ? "" : "leaseEnd is null and ")
                          + "state not in ('failed', 'ended')"
                          + (order.isPresent() ? " and purchaseOrderId = :order" : "")
                          + " order by id",
                      SessionEntity.class);
              order.ifPresent(o -> query.setParameter("order", o));
              return query.getResultList();
            })
        .thenCompose(
            rows -> {
              List<Kept> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
              CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
              for (SessionEntity row : rows) {
                all =
                    all.thenCompose(
                        v ->
                            keepHeld(row.id, row.purchaseOrderId, row.currency, margin)
                                .thenAccept(kept::add));
              }
              return all.thenApply(
                  v ->
                      new FundsSweep(
                          of(kept, Outcome.ENDED),
                          of(kept, Outcome.PAUSED),
                          of(kept, Outcome.STILL_PAUSED),
                          of(kept, Outcome.RESUMED)));
            });
  }

  private static List<SessionEntity> of(List<Kept> kept, Outcome outcome) {
    return kept.stream().filter(k -> k.outcome() == outcome).map(Kept::row).toList();
  }

  private CompletableFuture<Kept> keepHeld(
      UUID id, UUID order, String currencyCode, Duration margin) {
    java.util.Currency currency = java.util.Currency.getInstance(currencyCode.trim());
    Instant now = clock.instant();
    return database.inTransaction(
        s ->
            SessionFunds.lockFree(s, order, currency, now)
                .thenCompose(
                    hold ->
                        s.find(SessionEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                            .thenCompose(
                                row -> {
                                  if (row == null
                                      || row.state().isFinal()
                                      || (row.leaseEnd != null && !config.metered())) {
                                    return CompletableFuture.completedFuture(
                                        new Kept(Outcome.NONE, row));
                                  }
                                  Money free = hold.free();
                                  Money perHour = Money.ofMicros(currency, row.pricePerHourMicros);
                                  // The hold covers what is accrued and not yet charged, and more
                                  // (as far as the order's money still backs it).
                                  Money reserved = Money.ofMicros(currency, row.reservedMicros);
                                  Money left =
                                      FundsRule.left(
                                          reserved,
                                          Money.ofMicros(currency, row.unpaid(now)),
                                          hold.ringFenced(),
                                          hold.held().minus(reserved));
                                  boolean graceOver =
                                      row.graceUntil != null && !now.isBefore(row.graceUntil);
                                  Money marginPrice = Reservations.forPeriod(perHour, margin);
                                  // What to hold more: a minimum period, or what a fixed lease
                                  // lacks of the price of its remaining time.
                                  Money period;
                                  boolean orderOpen;
                                  FundsRule.Action action;
                                  if (row.leaseEnd == null) {
                                    period =
                                        Reservations.forPeriod(perHour, config.minimumPeriod());
                                    orderOpen =
                                        hold.openUntil().isPresent()
                                            && hold.openUntil().get().isAfter(now.plus(margin));
                                    action =
                                        FundsRule.decide(
                                            row.state(),
                                            left,
                                            period,
                                            free,
                                            marginPrice,
                                            orderOpen,
                                            graceOver);
                                  } else {
                                    Money needed =
                                        Reservations.forPeriod(
                                            perHour,
                                            row.leaseEnd.isAfter(now)
                                                ? Duration.between(now, row.leaseEnd)
                                                : Duration.ZERO);
                                    Money shortfall = needed.minus(left);
                                    period =
                                        shortfall.isPositive() ? shortfall : Money.zero(currency);
                                    orderOpen = hold.openUntil().isPresent();
                                    action =
                                        FundsRule.decideFixed(
                                            row.state(),
                                            left,
                                            needed,
                                            free,
                                            marginPrice,
                                            orderOpen,
                                            graceOver);
                                  }
                                  switch (action) {
                                    case HOLD_MORE -> {
                                      row.reservedMicros += period.micros();
                                      row.updatedAt = now;
                                      return s.persist(
                                              new SessionEventEntity(
                                                  id,
                                                  now,
                                                  "funds-held",
                                                  null,
                                                  period + " more held on purchase order " + order))
                                          .thenApply(v -> new Kept(Outcome.NONE, row));
                                    }
                                    case PAUSE -> {
                                      Instant until = now.plus(config.fundsGracePeriod());
                                      row.pause(now, until);
                                      String detail =
                                          "purchase order "
                                              + order
                                              + " cannot hold another "
                                              + period
                                              + " ("
                                              + free
                                              + " free): paused until "
                                              + until
                                              + ", then ended unless the order can hold a period"
                                              + " again";
                                      return s.persist(
                                              new SessionEventEntity(
                                                  id,
                                                  now,
                                                  "paused",
                                                  EndReason.FUNDS_EXHAUSTED.wireName(),
                                                  detail))
                                          .thenCompose(
                                              v ->
                                                  io.xenia.broker.webhooks.Outbox.enqueue(
                                                      s,
                                                      row.accountId,
                                                      io.xenia.broker.webhooks.WebhookEvent
                                                          .SESSION_PAUSED,
                                                      SessionWebhooks.paused(row, period, free),
                                                      now))
                                          .thenApply(v -> new Kept(Outcome.PAUSED, row));
                                    }
                                    case RESUME -> {
                                      row.moveTo(SessionState.RUNNING, Optional.empty(), now);
                                      row.reservedMicros += period.micros();
                                      return s.persist(
                                              new SessionEventEntity(
                                                  id,
                                                  now,
                                                  "resumed",
                                                  null,
                                                  "purchase order "
                                                      + order
                                                      + " holds "
                                                      + period
                                                      + " more"))
                                          .thenCompose(
                                              v ->
                                                  io.xenia.broker.webhooks.Outbox.enqueue(
                                                      s,
                                                      row.accountId,
                                                      io.xenia.broker.webhooks.WebhookEvent
                                                          .SESSION_RESUMED,
                                                      SessionWebhooks.resumed(row, period),
                                                      now))
                                          .thenApply(v -> new Kept(Outcome.RESUMED, row));
                                    }
                                    case END -> {
                                      String detail =
                                          !orderOpen
                                              ? "purchase order "
                                                  + order
                                                  + hold.openUntil()
                                                      .map(t -> " expires at " + t)
                                                      .orElse(" is closed")
                                              : row.state() == SessionState.PAUSED
                                                  ? "the grace period ended at "
                                                      + row.graceUntil
                                                      + " and purchase order "
                                                      + order
                                                      + " still cannot hold "
                                                      + period
                                                      + " ("
                                                      + free
                                                      + " free)"
                                                  : "purchase order "
                                                      + order
                                                      + " cannot hold another "
                                                      + period
                                                      + " ("
                                                      + free
                                                      + " free)";
                                      return endRow(s, row, EndReason.FUNDS_EXHAUSTED, detail)
                                          .thenApply(v -> new Kept(Outcome.ENDED, row));
                                    }
                                    default -> {
                                      return CompletableFuture.completedFuture(
                                          new Kept(
                                              row.state() == SessionState.PAUSED
                                                  ? Outcome.STILL_PAUSED
                                                  : Outcome.NONE,
                                              row));
                                    }
                                  }
                                })));
  }

  /**
   * Tells the hosts what a funds decision changed, after its commits: ended sessions are
   * terminated, paused ones paused (or ended at once when their host cannot pause), still paused
   * ones asked again, resumed ones resumed. Returns at once (the calls run on the workers).
   */
  void tellHosts(FundsSweep funds) {
    if (!funds.ended().isEmpty()) {
      terminateEnded(funds.ended(), EndReason.FUNDS_EXHAUSTED);
    }
    pauseAtHosts(funds.paused(), true);
    pauseAgainAtHosts(funds.stillPaused());
    pauseAtHosts(funds.resumed(), false);
  }

  /**
   * Asks the hosts to pause ({@code paused} true) or resume machines (on the workers). A host that
   * cannot pause (bare metal: {@code pause-unsupported}) or does not answer a first pause gets the
   * session ended {@code funds-exhausted} at once: it must not run unpaid through the grace period.
   * Sessions already paused are asked again every sweep (a pause is idempotent; a broker that died
   * between its commit and the host call still gets the machine stopped), failures only logged. A
   * failed resume is logged; {@link #watchRunning} resumes a running session its host reports
   * paused.
   */
  void pauseAtHosts(List<SessionEntity> rows, boolean paused) {
    pauseAtHosts(rows, paused, paused);
  }

  /** Asks paused sessions' hosts again to pause (idempotent); failures are only logged. */
  void pauseAgainAtHosts(List<SessionEntity> rows) {
    pauseAtHosts(rows, true, false);
  }

  private void pauseAtHosts(List<SessionEntity> rows, boolean paused, boolean endOnFailure) {
    for (SessionEntity row : rows) {
      workers.execute(
          () -> {
            ReachableHost host = knownHosts.get(row.hostId);
            if (host == null) {
              host = offers.host(row.hostId).join().orElse(null);
            }
            try {
              if (host == null) {
                throw new HostCallException(
                    0, Optional.empty(), "host " + row.hostId + " names no endpoint");
              }
              knownHosts.put(host.id(), host);
              hosts.pause(host.endpoint(), row.id.toString(), paused);
            } catch (HostCallException e) {
              if (!endOnFailure) {
                LOG.warn(
                    "{} session {} at its host failed: {}",
                    paused ? "pausing" : "resuming",
                    row.id,
                    e.getMessage());
                return;
              }
              String detail =
                  "the host could not pause the machine ("
                      + e.reason().orElse(e.getMessage())
                      + "): ended at exhaustion instead";
              if (move(
                      row.id,
                      SessionState.PAUSED,
                      SessionState.ENDED,
                      Optional.of(EndReason.FUNDS_EXHAUSTED),
                      detail,
                      r -> {})
                  .join()
                  .isPresent()) {
                terminateAtHost(row, EndReason.FUNDS_EXHAUSTED);
              }
            }
          });
    }
  }

  /**
   * Asks the hosts of running sessions how they are (blocking, on the caller's thread): a session
   * its host no longer runs — released, failed, or unknown to it — ends with {@code host-reclaimed}
   * ({@code expired} when its lease end has passed: the host released it on time). A host that does
   * not answer is left to the failure detector.
   *
   * @return how many ended
   */
  public int watchRunning(int batch) {
    List<SessionEntity> running =
        database
            .read(
                s ->
                    s.createSelectionQuery(
                            "from SessionEntity where state = 'running' order by updatedAt",
                            SessionEntity.class)
                        .setMaxResults(batch)
                        .getResultList())
            .join();
    int ended = 0;
    for (SessionEntity row : running) {
      if (watch(row)) {
        ended++;
      }
    }
    return ended;
  }

  /**
   * One running session: asks its host and ends it when the host no longer runs it (see {@link
   * #watchRunning}); false when it still runs, or the host did not answer.
   */
  private boolean watch(SessionEntity row) {
    ReachableHost host = knownHosts.get(row.hostId);
    if (host == null) {
      host = offers.host(row.hostId).join().orElse(null);
      if (host == null) {
        return false;
      }
      knownHosts.put(host.id(), host);
    }
    Optional<HostSession> status;
    try {
      status = hosts.status(host.endpoint(), row.id.toString());
    } catch (HostCallException e) {
      return false;
    }
    if (status.isPresent() && "paused".equals(status.get().state())) {
      // The broker resumed it but the host missed the call: ask again.
      pauseAtHosts(List.of(row), false);
      return false;
    }
    if (status.isPresent() && !status.get().isGone()) {
      return false;
    }
    Instant now = clock.instant();
    EndReason reason =
        row.leaseEnd != null && !now.isBefore(row.leaseEnd)
            ? EndReason.EXPIRED
            : EndReason.HOST_RECLAIMED;
    String detail =
        status
            .map(
                st ->
                    "the host reports the machine "
                        + st.state()
                        + st.reason().map(r -> ": " + r).orElse(""))
            .orElse("the host no longer knows the session");
    return move(
            row.id, SessionState.RUNNING, SessionState.ENDED, Optional.of(reason), detail, r -> {})
        .join()
        .isPresent();
  }

  /**
   * Charges what sessions have accrued and not yet been charged: ring-fenced money of the order →
   * the host operator's payable account, through {@code OrderService.charge} (the one door for
   * spend), in the same transaction as the session's {@code spent} and hold, order row first. Live
   * sessions and ended ones still holding an unpaid remainder; each in its own transaction.
   *
   * <p>In {@code metered} charging the billing service charges instead, and this charges nothing
   * ({@link #releaseSettled} gives ended sessions' remainders back).
   *
   * @return the sessions charged
   */
  public CompletableFuture<Integer> chargeAccrued(int batch) {
    if (config.metered()) {
      return CompletableFuture.completedFuture(0);
    }
    return database
        .read(
            s ->
                s.createSelectionQuery(
                        "select id, purchaseOrderId from SessionEntity"
                            + " where state not in ('failed', 'ended') or reservedMicros > 0"
                            + " order by updatedAt",
                        Object[].class)
                    .setMaxResults(batch)
                    .getResultList())
        .thenCompose(
            rows -> {
              java.util.concurrent.atomic.AtomicInteger charged =
                  new java.util.concurrent.atomic.AtomicInteger();
              CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
              for (Object[] r : rows) {
                all =
                    all.thenCompose(
                        v ->
                            chargeOne((UUID) r[0], (UUID) r[1])
                                .thenAccept(
                                    done -> {
                                      if (done) {
                                        charged.incrementAndGet();
                                      }
                                    }));
              }
              return all.thenApply(v -> charged.get());
            });
  }

  private CompletableFuture<Boolean> chargeOne(UUID id, UUID order) {
    Instant now = clock.instant();
    return database.inTransaction(
        s ->
            s.createNativeQuery(
                    "SELECT status FROM purchase_order WHERE id = :id FOR UPDATE", Object.class)
                .setParameter("id", order)
                .getSingleResult()
                .thenCompose(
                    status ->
                        s.find(SessionEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                            .thenCompose(
                                row -> {
                                  long due = row == null ? 0 : row.unpaid(now);
                                  if (due <= 0 || !"open".equals(status)) {
                                    if (row != null && row.state().isFinal() && due <= 0) {
                                      row.reservedMicros = 0;
                                    }
                                    return CompletableFuture.completedFuture(false);
                                  }
                                  java.util.Currency currency =
                                      java.util.Currency.getInstance(row.currency.trim());
                                  return s.createNativeQuery(
                                          "SELECT account_id FROM host WHERE id = :id", UUID.class)
                                      .setParameter("id", row.hostId)
                                      .getSingleResult()
                                      .thenCompose(
                                          operator ->
                                              orders.charge(
                                                  s,
                                                  new io.xenia.broker.orders.Charge(
                                                      order,
                                                      Money.ofMicros(currency, due),
                                                      operator,
                                                      Money.zero(currency),
                                                      "session " + id,
                                                      row.accountId)))
                                      .thenApply(
                                          view -> {
                                            row.spentMicros += due;
                                            row.reservedMicros =
                                                Math.max(0, row.reservedMicros - due);
                                            return true;
                                          });
                                })));
  }

  /**
   * In {@code metered} charging: gives back what ended sessions still hold once {@code
   * metered-settle-window} has passed since they ended. Until then the remainder (what they accrued
   * and billing had not charged when they ended) stays held for billing's last usage records, which
   * take it out of the hold as they are charged. Each in its own transaction, order row first;
   * event {@code funds-released}. Nothing in {@code accrual} charging (there {@link #chargeAccrued}
   * settles ended sessions).
   *
   * @return the sessions whose hold was released
   */
  public CompletableFuture<Integer> releaseSettled(int batch) {
    if (!config.metered()) {
      return CompletableFuture.completedFuture(0);
    }
    Instant settledBefore = clock.instant().minus(config.meteredSettleWindow());
    return database
        .read(
            s ->
                s.createSelectionQuery(
                        "select id, purchaseOrderId from SessionEntity"
                            + " where state in ('failed', 'ended') and reservedMicros > 0"
                            + " and endedAt <= :settled order by endedAt",
                        Object[].class)
                    .setParameter("settled", settledBefore)
                    .setMaxResults(batch)
                    .getResultList())
        .thenCompose(
            rows -> {
              AtomicInteger released = new AtomicInteger();
              CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
              for (Object[] r : rows) {
                all =
                    all.thenCompose(
                        v ->
                            releaseOne((UUID) r[0], (UUID) r[1], settledBefore)
                                .thenAccept(
                                    done -> {
                                      if (done) {
                                        released.incrementAndGet();
                                      }
                                    }));
              }
              return all.thenApply(v -> released.get());
            });
  }

  private CompletableFuture<Boolean> releaseOne(UUID id, UUID order, Instant settledBefore) {
    return database.inTransaction(
        s ->
            s.createNativeQuery(
                    "SELECT status FROM purchase_order WHERE id = :id FOR UPDATE", Object.class)
                .setParameter("id", order)
                .getSingleResult()
                .thenCompose(
                    status ->
                        s.find(SessionEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                            .thenCompose(
                                row -> {
                                  if (row == null
                                      || !row.state().isFinal()
                                      || row.reservedMicros <= 0
                                      || row.endedAt.isAfter(settledBefore)) {
                                    return CompletableFuture.completedFuture(false);
                                  }
                                  Money released =
                                      Money.ofMicros(
                                          java.util.Currency.getInstance(row.currency.trim()),
                                          row.reservedMicros);
                                  Instant now = clock.instant();
                                  row.reservedMicros = 0;
                                  row.updatedAt = now;
                                  return s.persist(
                                          new SessionEventEntity(
                                              id,
                                              now,
                                              "funds-released",
                                              null,
                                              released
                                                  + " held for billing's last usage records goes"
                                                  + " back to purchase order "
                                                  + order
                                                  + " ("
                                                  + config.meteredSettleWindow()
                                                  + " since the end at "
                                                  + row.endedAt
                                                  + ")"))
                                      .thenApply(v -> true);
                                })));
  }

  /** Tells the hosts of sessions the broker ended on its own (expiry, funds). */
  void terminateEnded(List<SessionEntity> ended, EndReason reason) {
    ended.forEach(row -> terminateAtHost(row, reason));
  }

  /** Resizes or moves the lease end of a running session at its host. */
  public CompletableFuture<SessionView> modify(
      Caller caller, UUID id, ModifySessionRequest change) {
    caller.require(Scope.SESSIONS_WRITE);
    if (change == null
        || (change.cpus() == null && change.memoryMib() == null && change.leaseEnd() == null)) {
      throw XeniaException.invalidField("cpus", "name cpus, memoryMib or leaseEnd");
    }
    if (change.cpus() != null && change.cpus() < 1) {
      throw XeniaException.invalidField("cpus", "must be at least 1");
    }
    if (change.memoryMib() != null && change.memoryMib() < 1) {
      throw XeniaException.invalidField("memoryMib", "must be at least 1");
    }
    Instant now = clock.instant();
    if (change.leaseEnd() != null && !change.leaseEnd().isAfter(now)) {
      throw XeniaException.invalidField("leaseEnd", "must be in the future");
    }
    // 1. Hold the money for a longer lease first, under the order's lock.
    return database
        .inTransaction(
            s ->
                visible(s, caller, id)
                    .thenCompose(
                        row -> {
                          if (row.state() != SessionState.RUNNING) {
                            throw new XeniaException(
                                    ProblemType.SESSION_NOT_LIVE,
                                    "session " + id + " is " + row.state + ", not running")
                                .with("state", row.state);
                          }
                          if (change.leaseEnd() == null) {
                            return CompletableFuture.completedFuture(row.reservedMicros);
                          }
                          return SessionFunds.lock(s, caller, row.purchaseOrderId, now)
                              .thenCompose(
                                  funds ->
                                      s.lock(row, LockMode.PESSIMISTIC_WRITE)
                                          .thenApply(
                                              v -> {
                                                if (change.leaseEnd().isAfter(funds.expiresAt())) {
                                                  throw XeniaException.invalidField(
                                                      "leaseEnd",
                                                      "after the purchase order expires ("
                                                          + funds.expiresAt()
                                                          + ")");
                                                }
                                                Money perHour =
                                                    Money.ofMicros(
                                                        funds.currency(), row.pricePerHourMicros);
                                                Money needed =
                                                    Reservations.forPeriod(
                                                        perHour,
                                                        Duration.between(
                                                            row.leaseStart, change.leaseEnd()));
                                                long before = row.reservedMicros;
                                                // The hold is the lease's price less what was
                                                // charged already.
                                                long target =
                                                    Math.max(0, needed.micros() - row.spentMicros);
                                                long more = target - before;
                                                if (more > 0) {
                                                  funds.require(
                                                      Money.ofMicros(funds.currency(), more));
                                                  row.reservedMicros = target;
                                                }
                                                return before;
                                              }));
                        }))
        // 2. The host decides; 3. store its amended agreement, countersigned.
        .thenComposeAsync(heldBefore -> forwardModify(caller, id, change, heldBefore), workers);
  }

  private UUID sessionHost(UUID id) {
    return database.read(s -> s.find(SessionEntity.class, id).thenApply(r -> r.hostId)).join();
  }

  private CompletableFuture<SessionView> forwardModify(
      Caller caller, UUID id, ModifySessionRequest change, long heldBefore) {
    UUID hostId = sessionHost(id);
    ReachableHost host = offers.host(hostId).join().orElse(null);
    HostSession answer;
    try {
      if (host == null) {
        throw new HostCallException(0, Optional.empty(), "host " + hostId + " names no endpoint");
      }
      answer =
          hosts.modify(
              host.endpoint(),
              id.toString(),
              Optional.ofNullable(change.leaseEnd()),
              Optional.ofNullable(change.cpus()),
              Optional.ofNullable(change.memoryMib()));
    } catch (HostCallException e) {
      restoreHold(id, heldBefore).join();
      if (e.noAnswer() || e.status() >= 500) {
        throw new XeniaException(ProblemType.HOST_UNAVAILABLE, e.getMessage());
      }
      throw new XeniaException(ProblemType.SESSION_CHANGE_REFUSED, e.getMessage())
          .with("reason", e.reason().orElse("refused"));
    }
    Optional<SignedEnvelope> amended = answer.agreement();
    return database.inTransaction(
        s ->
            s.find(SessionEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                .thenCompose(
                    row -> {
                      Instant now = clock.instant();
                      String detail = "modified";
                      if (amended.isPresent()) {
                        Agreement inForce =
                            Agreement.fromCanonical(
                                SignedEnvelope.fromJson(row.agreement).bodyValue());
                        Agreement next =
                            AgreementCheck.amendment(amended.get(), host.key(), inForce);
                        if (!next.agreementId().equals(row.agreementId)) {
                          detail =
                              "agreement " + next.agreementId() + " replaces " + row.agreementId;
                          row.agreementId = next.agreementId();
                          row.agreement = amended.get().cosign(identity.signingKey()).toJson();
                        }
                        if (next.end() instanceof LeaseEnd.Fixed fixed) {
                          row.leaseEnd = fixed.notAfter();
                          // A shorter lease holds less.
                          long needed =
                              Reservations.forPeriod(
                                      Money.ofMicros(
                                          java.util.Currency.getInstance(row.currency.trim()),
                                          row.pricePerHourMicros),
                                      Duration.between(row.leaseStart, fixed.notAfter()))
                                  .micros();
                          if (!row.state().isFinal()) {
                            row.reservedMicros = Math.max(0, needed - row.spentMicros);
                          }
                        }
                      }
                      row.updatedAt = now;
                      return s.persist(new SessionEventEntity(id, now, "modified", null, detail))
                          .thenApply(v -> SessionView.of(row));
                    }));
  }

  private CompletableFuture<Void> restoreHold(UUID id, long heldBefore) {
    return database.inTransaction(
        s ->
            s.find(SessionEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                .thenAccept(
                    row -> {
                      if (!row.state().isFinal()) {
                        row.reservedMicros = heldBefore;
                      }
                    }));
  }

  /**
   * Sessions a previous run of a broker left between admission and running: admitted ones are
   * provisioned (again: a host that had the request answers 409 and its status decides),
   * provisioning ones are polled again. Called at start-up.
   */
  public CompletableFuture<Integer> resumeProvisioning() {
    return database
        .read(
            s ->
                s.createSelectionQuery(
                        "from SessionEntity where state in ('admitted', 'provisioning') order by id",
                        SessionEntity.class)
                    .getResultList())
        .thenCompose(
            rows -> {
              CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
              for (SessionEntity row : rows) {
                all =
                    all.thenCompose(
                        v ->
                            offers
                                .host(row.hostId)
                                .thenAccept(
                                    host ->
                                        host.ifPresent(
                                            h -> {
                                              knownHosts.put(h.id(), h);
                                              hostEvents.follow(h);
                                              if (row.state() == SessionState.ADMITTED) {
                                                // With the image it was created with.
                                                provisioner.start(
                                                    row.id,
                                                    h.endpoint(),
                                                    row.image(),
                                                    row.furtherSshKeys());
                                              } else {
                                                provisioner.resume(row.id, h.endpoint());
                                              }
                                            })));
              }
              return all.thenApply(v -> rows.size());
            });
  }

  /**
   * A host streamed an event (a hint, see {@link HostEvent}): a provisioning session whose machine
   * came up is checked now; a running session whose machine the host gave up is watched now. Events
   * about sessions of other hosts, or in states where they change nothing, are ignored.
   */
  void hostReported(UUID hostId, HostEvent event) {
    if (event.sessionId().isEmpty() || !(event.saysRunning() || event.saysGone())) {
      return;
    }
    UUID id = event.sessionId().get();
    database
        .read(s -> s.find(SessionEntity.class, id))
        .thenAcceptAsync(
            row -> {
              if (row == null || !row.hostId.equals(hostId)) {
                return;
              }
              ReachableHost host = knownHosts.get(hostId);
              if (row.state() == SessionState.PROVISIONING && host != null) {
                provisioner.checkNow(id, host.endpoint());
              } else if (row.state() == SessionState.RUNNING && event.saysGone()) {
                watch(row);
              }
            },
            workers)
        .exceptionally(
            e -> {
              LOG.warn("event {} of host {}: {}", event, hostId, e.toString());
              return null;
            });
  }

  /**
   * Follows the event streams of exactly the hosts that hold a live session (called on a timer:
   * reopens streams that ended, drops hosts with nothing live, picks hosts up after a restart).
   */
  public CompletableFuture<Integer> refreshHostEvents() {
    return database
        .read(
            s ->
                s.createSelectionQuery(
                        "select distinct hostId from SessionEntity"
                            + " where state in ('admitted', 'provisioning', 'running')",
                        UUID.class)
                    .getResultList())
        .thenCompose(
            ids -> {
              Map<UUID, ReachableHost> live = new java.util.concurrent.ConcurrentHashMap<>();
              CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
              for (UUID id : ids) {
                all =
                    all.thenCompose(
                        v ->
                            offers
                                .host(id)
                                .thenAccept(
                                    h ->
                                        h.ifPresent(
                                            host -> {
                                              knownHosts.put(host.id(), host);
                                              live.put(host.id(), host);
                                            })));
              }
              return all.thenApply(
                  v -> {
                    hostEvents.refresh(live);
                    return live.size();
                  });
            });
  }

  /** The hosts whose event streams are followed now. */
  java.util.Set<UUID> followedHosts() {
    return hostEvents.followed();
  }

  ExecutorService workers() {
    return workers;
  }

  @Override
  @jakarta.annotation.PreDestroy
  public void close() {
    hostEvents.close();
    provisioner.close();
    workers.shutdownNow();
  }
}
