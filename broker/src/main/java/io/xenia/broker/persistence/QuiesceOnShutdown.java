package io.xenia.broker.persistence;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On shutdown, before any bean is destroyed: stops the scheduled sweeps (failure detector, expiry,
 * charging, watches) and lets the database work in flight finish, refusing new work ({@link
 * Database#quiesce}). Without it a sweep that writes while Hibernate closes can deadlock the
 * shutdown, and sweeps keep firing into a half-destroyed context.
 */
@Singleton
final class QuiesceOnShutdown implements ApplicationEventListener<ShutdownEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(QuiesceOnShutdown.class);
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final ExecutorService scheduled;
  private final Database database;

  QuiesceOnShutdown(@Named(TaskExecutors.SCHEDULED) ExecutorService scheduled, Database database) {
    this.scheduled = scheduled;
    this.database = database;
  }

  @Override
  public void onApplicationEvent(ShutdownEvent event) {
    scheduled.shutdown();
    try {
      if (!scheduled.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("scheduled tasks still running after {}; shutting down anyway", GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!database.quiesce(GRACE)) {
      LOG.warn("database work still in flight after {}; closing anyway", GRACE);
    }
  }
}
