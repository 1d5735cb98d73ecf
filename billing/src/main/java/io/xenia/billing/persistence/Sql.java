package io.xenia.billing.persistence;

import io.vertx.core.Future;
import java.util.concurrent.CompletionException;

/**
 * Waits for a Vert.x result on the calling thread. Only for threads of billing's own (the usage
 * consumer, request workers), never a Vert.x event loop: it lets a transaction read as the sequence
 * of statements it is.
 */
public final class Sql {
  private Sql() {}

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
