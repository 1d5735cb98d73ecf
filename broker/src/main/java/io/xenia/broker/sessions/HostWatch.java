package io.xenia.broker.sessions;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code xenia.sessions.watch-interval} (default 10 s) asks the hosts of running sessions
 * whether they still run them ({@link SessionService#watchRunning}): a machine the host took back
 * ends its session with {@code host-reclaimed}. Up to 500 sessions per pass, least recently changed
 * first; a pass that overlaps the previous one is skipped.
 */
@Singleton
final class HostWatch {
  private static final Logger LOG = LoggerFactory.getLogger(HostWatch.class);
  private final SessionService sessions;
  private final AtomicBoolean running = new AtomicBoolean();

  HostWatch(SessionService sessions) {
    this.sessions = sessions;
  }

  @Scheduled(
      fixedDelay = "${xenia.sessions.watch-interval:10s}",
      initialDelay = "${xenia.sessions.watch-interval:10s}")
  void watch() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      int ended = sessions.watchRunning(500);
      if (ended > 0) {
        LOG.info("{} session(s) ended: their hosts no longer run them", ended);
      }
    } catch (RuntimeException e) {
      LOG.warn("watching running sessions failed; next pass retries", e);
    } finally {
      running.set(false);
    }
  }
}
