package io.xenia.broker.persistence;

import io.micronaut.context.annotation.Context;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.hibernate.SessionFactory;
import org.hibernate.reactive.stage.Stage;

/**
 * The one way services reach PostgreSQL: a unit of work in a reactive Hibernate session, inside a
 * transaction or read-only.
 *
 * <p>The work function runs on a Vert.x event-loop thread and must stay on it: chain the stages it
 * returns, never block and never hop to another executor (a Hibernate Reactive session is bound to
 * its thread).
 */
@Singleton
@Context
public final class Database {
  private final Stage.SessionFactory sessions;

  Database(SessionFactory sessionFactory) {
    this.sessions = sessionFactory.unwrap(Stage.SessionFactory.class);
  }

  public <T> CompletableFuture<T> inTransaction(Function<Stage.Session, CompletionStage<T>> work) {
    return sessions.withTransaction(work::apply).toCompletableFuture();
  }

  public <T> CompletableFuture<T> read(Function<Stage.Session, CompletionStage<T>> work) {
    return sessions.withSession(work::apply).toCompletableFuture();
  }
}
