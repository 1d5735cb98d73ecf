package io.xenia.broker.problems;

import java.net.ConnectException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Classifies throwables that escape services: which ones the client can act on, which mean "try
 * later".
 */
public final class Failures {
  private Failures() {}

  /** The first cause that is not a wrapper added by futures. */
  public static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** The {@link XeniaException} anywhere in the cause chain, if any. */
  public static Optional<XeniaException> problemIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof XeniaException e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * True when the database (or another dependency) could not be reached: the request may be
   * retried.
   */
  public static boolean isUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c.getClass().getName().equals("io.vertx.core.impl.NoStackTraceThrowable")
          || c.getClass().getName().endsWith("ConnectTimeoutException")) {
        return true;
      }
    }
    return false;
  }
}
