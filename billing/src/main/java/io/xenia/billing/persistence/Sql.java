package io.xenia.billing.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletionException;

/**
 * Waits for a Vert.x result on the calling thread. Only for threads of billing's own (the usage
 * consumer, request workers), never a Vert.x event loop: it lets a transaction read as the sequence
 * of statements it is.
 */
public final class Sql {
  private Sql() {}

  /**
   * A tuple of exactly these values. {@code Tuple.of} and any varargs method take a trailing array
   * as the varargs array itself, so an array parameter (as {@code = ANY($1)} and {@code unnest}
   * need) would be spread into several: hence fixed arities.
   */
  public static Tuple args(Object a) {
    return Tuple.tuple().addValue(a);
  }

  public static Tuple args(Object a, Object b) {
    return args(a).addValue(b);
  }

  public static Tuple args(Object a, Object b, Object c) {
    return args(a, b).addValue(c);
  }

  public static Tuple args(Object a, Object b, Object c, Object d) {
    return args(a, b, c).addValue(d);
  }

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
