package io.xenia.broker.hosts;

import io.micronaut.scheduling.annotation.Scheduled;
import io.xenia.broker.persistence.Database;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.LockMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code xenia.hosts.detector-interval}, moves silent hosts to {@code suspect} and then
 * {@code down} ({@link Liveness}), and tells {@link HostFailureListener}s of each host that went
 * down. Rows are locked with SKIP LOCKED, so brokers sharing a database split the work and a
 * heartbeat in flight is never overwritten; a sweep that overlaps the previous one is skipped.
 *
 * <p>Silence is counted from when this broker started at the earliest: heartbeats that hosts sent
 * while it was down (a restart, an upgrade) went nowhere, so judging that silence would mark every
 * host down, and end every session, on each restart. After a restart a dead host is therefore found
 * one window later than usual.
 */
@Singleton
final class FailureDetector {
  private static final Logger LOG = LoggerFactory.getLogger(FailureDetector.class);
  private static final int BATCH = 500;
  private final Database database;
  private final Liveness liveness;
  private final HostFailureNotifier notifier;
  private final HostTlsTrust trust;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Instant startedAt;

  FailureDetector(
      Database database,
      HostsConfig config,
      HostFailureNotifier notifier,
      HostTlsTrust trust,
      Clock clock) {
    this.database = database;
    this.liveness = config.liveness();
    this.notifier = notifier;
    this.trust = trust;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  @Scheduled(
      fixedDelay = "${xenia.hosts.detector-interval:5s}",
      initialDelay = "${xenia.hosts.detector-interval:5s}")
  void sweep() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      for (HostDown down : detect().join()) {
        notifier.hostDown(down);
      }
      // Revocations made on other brokers sharing the database reach this one's TLS clients here.
      trust.refresh().join();
    } catch (RuntimeException e) {
      LOG.warn("host failure detection failed; the next sweep retries", e);
    } finally {
      running.set(false);
    }
  }

  /** One pass, in one transaction: the hosts that went down in it. */
  java.util.concurrent.CompletableFuture<List<HostDown>> detect() {
    Instant now = clock.instant();
    if (!startedAt.isBefore(liveness.suspectBefore(now))) {
      return java.util.concurrent.CompletableFuture.completedFuture(List.of());
    }
    return database.inTransaction(
        session ->
            session
                .createSelectionQuery(
                    "from HostEntity where status in ('up', 'suspect') and lastSeenAt <= :before"
                        + " order by lastSeenAt",
                    HostEntity.class)
                .setParameter("before", liveness.suspectBefore(now))
                .setMaxResults(BATCH)
                .setLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList()
                .thenApply(
                    hosts -> {
                      List<HostDown> down = new ArrayList<>();
                      for (HostEntity host : hosts) {
                        Instant silentSince =
                            host.lastSeenAt.isAfter(startedAt) ? host.lastSeenAt : startedAt;
                        HostStatus next = liveness.assess(silentSince, now);
                        if (host.moveTo(next, now)) {
                          LOG.info(
                              "host {} is {}: silent since {}",
                              host.id,
                              next.wireName(),
                              host.lastSeenAt);
                          if (next == HostStatus.DOWN) {
                            down.add(new HostDown(host.id, host.accountId, HostStatus.DOWN, now));
                          }
                        }
                      }
                      return down;
                    }));
  }
}
