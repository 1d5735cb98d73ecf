package io.xenia.broker.persistence;

import java.util.Optional;

/**
 * Recognises PostgreSQL constraint violations by name in exceptions from Hibernate Reactive or
 * Vert.x.
 */
public final class ConstraintViolations {
  private ConstraintViolations() {}

  /** True when {@code t} or one of its causes reports a violation of the named constraint. */
  public static boolean violates(Throwable t, String constraintName) {
    return message(t).filter(m -> m.contains("\"" + constraintName + "\"")).isPresent();
  }

  private static Optional<String> message(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        all.append(c.getMessage()).append('\n');
      }
    }
    return Optional.of(all.toString());
  }
}
