package io.xenia.broker.sessions;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code xenia.sessions.host-events.refresh-interval} (default 2 s) reconciles the followed
 * host event streams with the hosts that hold live sessions ({@link
 * SessionService#refreshHostEvents}). A pass that overlaps the previous one is skipped.
 */
@Singleton
final class HostEventRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(HostEventRefresh.class);
  private final SessionService sessions;
  private final HostEventsConfig config;
  private final AtomicBoolean running = new AtomicBoolean();

  HostEventRefresh(SessionService sessions, HostEventsConfig config) {
    this.sessions = sessions;
    this.config = config;
  }

  @Scheduled(
      fixedDelay = "${xenia.sessions.host-events.refresh-interval:2s}",
      initialDelay = "${xenia.sessions.host-events.refresh-interval:2s}")
  void refresh() {
    if (!config.enabled() || !running.compareAndSet(false, true)) {
      return;
    }
    sessions
        .refreshHostEvents()
        .whenComplete(
            (followed, failure) -> {
              running.set(false);
              if (failure != null) {
                LOG.warn("following host event streams failed; the next pass retries", failure);
              }
            });
  }
}
