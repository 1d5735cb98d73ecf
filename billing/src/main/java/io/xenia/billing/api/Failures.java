package io.xenia.billing.api;

import java.net.ConnectException;
import java.util.Optional;

/** Classifies throwables that escape services: which the client can act on, which mean "later". */
public final class Failures {
  private Failures() {}

  /** The {@link BillingException} anywhere in the cause chain, if any. */
  public static Optional<BillingException> problemIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BillingException e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** True when the database could not be reached: the request may be retried. */
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
