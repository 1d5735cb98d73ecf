package io.xenia.broker.sessions;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends live sessions whose agreed lease end has passed with reason {@code expired}, charges what
 * sessions accrued ({@link SessionService#chargeAccrued}; in metered charging it releases what
 * ended sessions still hold once billing's settle window passed, {@link
 * SessionService#releaseSettled}), and keeps open-ended sessions held or ends them {@code
 * funds-exhausted} ({@link SessionService#keepOpenEndedHeld}), every {@code
 * xenia.sessions.expiry-sweep-interval} (default 5 s); the holds of ended sessions go back to the
 * purchase order. The host ends the machine at the same moment by itself (its reconciler releases
 * it, {@code lease-ended}), so the broker only records it. Rows are taken {@code FOR UPDATE SKIP
 * LOCKED}: brokers sharing a database split the work, and a session being changed is taken next
 * sweep.
 */
@Singleton
final class LeaseExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseExpiry.class);
  private final SessionService sessions;
  private final AtomicBoolean running = new AtomicBoolean();

  private final java.time.Duration interval;

  private final LowFundsWatch lowFunds;

  LeaseExpiry(
      SessionService sessions,
      LowFundsWatch lowFunds,
      @io.micronaut.context.annotation.Value("${xenia.sessions.expiry-sweep-interval:5s}")
          java.time.Duration interval) {
    this.sessions = sessions;
    this.lowFunds = lowFunds;
    this.interval = interval;
  }

  @Scheduled(
      fixedDelay = "${xenia.sessions.expiry-sweep-interval:5s}",
      initialDelay = "${xenia.sessions.expiry-sweep-interval:5s}")
  void sweep() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      int ended = sessions.endExpired(100).join();
      if (ended > 0) {
        LOG.info("{} session(s) ended: expired", ended);
      }
      sessions.chargeAccrued(500).join();
      int released = sessions.releaseSettled(500).join();
      if (released > 0) {
        LOG.info("{} ended session(s) settled: their remaining holds released", released);
      }
      var funds = sessions.keepOpenEndedHeld(interval.multipliedBy(2)).join();
      if (!funds.ended().isEmpty()) {
        LOG.info("{} session(s) ended: funds-exhausted", funds.ended().size());
      }
      sessions.tellHosts(funds);
      lowFunds.sweep().join();
    } catch (RuntimeException e) {
      LOG.warn("session expiry sweep failed; next sweep retries", e);
    } finally {
      running.set(false);
    }
  }
}
