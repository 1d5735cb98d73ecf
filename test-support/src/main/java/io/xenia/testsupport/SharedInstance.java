package io.xenia.testsupport;

import java.util.function.Supplier;

/**
 * One lazily started server per JVM. The first {@link #get()} starts it on the calling thread;
 * concurrent callers wait. If the start fails, every later call fails too (with the first failure
 * as cause) rather than paying for the same failing start again in every test class. Stopping is
 * the server's own business (its JVM shutdown hook).
 */
final class SharedInstance<T> {

  private final String name;
  private final Supplier<T> starter;
  private T instance;
  private RuntimeException failure;

  SharedInstance(String name, Supplier<T> starter) {
    this.name = name;
    this.starter = starter;
  }

  synchronized T get() {
    if (instance != null) {
      return instance;
    }
    if (failure != null) {
      throw new IllegalStateException(
          "the shared " + name + " failed to start earlier in this JVM", failure);
    }
    try {
      instance = starter.get();
      return instance;
    } catch (RuntimeException | Error e) {
      failure = e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
      throw e;
    }
  }
}
