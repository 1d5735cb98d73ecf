package io.xenia.broker.persistence;

import io.micronaut.context.annotation.Context;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.hibernate.reactive.stage.Stage;

/**
 * The one way services reach PostgreSQL: a unit of work in a reactive Hibernate session, inside a
 * transaction or read-only.
 *
 * <p>The work function runs on a Vert.x event-loop thread and must stay on it: chain the stages it
 * returns, never block and never hop to another executor (a Hibernate Reactive session is bound to
 * its thread).
 *
 * <p>On shutdown ({@link #quiesce}) it refuses new work and waits for the work in flight: Hibernate
 * Reactive closing its Vert.x instance while an event loop still flushes an entity deadlocks (the
 * loop waits for the service registry that the closing thread holds), so nothing may be in flight
 * when the session factory is destroyed.
 */
@Singleton
@Context
public final class Database {
  private final Stage.SessionFactory sessions;
  private final Object drained = new Object();
  private long inFlight; // guarded by drained
  private boolean closing; // guarded by drained

  Database(SessionFactory sessionFactory) {
    this.sessions = sessionFactory.unwrap(Stage.SessionFactory.class);
  }

  public <T> CompletableFuture<T> inTransaction(Function<Stage.Session, CompletionStage<T>> work) {
    return tracked(() -> sessions.withTransaction(work::apply));
  }

  public <T> CompletableFuture<T> read(Function<Stage.Session, CompletionStage<T>> work) {
    return tracked(() -> sessions.withSession(work::apply));
  }

  private <T> CompletableFuture<T> tracked(Supplier<CompletionStage<T>> work) {
    synchronized (drained) {
      if (closing) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("the broker is shutting down"));
      }
      inFlight++;
    }
    CompletableFuture<T> result;
    try {
      result = work.get().toCompletableFuture();
    } catch (RuntimeException e) {
      finished();
      throw e;
    }
    return result.whenComplete((v, e) -> finished());
  }

  private void finished() {
    synchronized (drained) {
      if (--inFlight == 0) {
        drained.notifyAll();
      }
    }
  }

  /**
   * Refuses new work and waits up to {@code timeout} for the work in flight to finish.
   *
   * @return whether everything finished in time
   */
  public boolean quiesce(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (drained) {
      closing = true;
      while (inFlight > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        try {
          drained.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}
