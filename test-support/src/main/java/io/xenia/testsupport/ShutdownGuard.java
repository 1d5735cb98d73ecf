package io.xenia.testsupport;

/**
 * Runs a server's stop action exactly once: on {@link #close()}, or from a JVM shutdown hook if the
 * JVM exits first. Thread-safe: a second caller waits until the first has finished stopping.
 */
final class ShutdownGuard implements AutoCloseable {

  private final Runnable stopAction;
  private final Thread hook;
  private boolean stopped;

  /**
   * Registers the shutdown hook at once, so that a server is covered from the moment its process
   * exists.
   *
   * @throws IllegalStateException if the JVM is already shutting down
   */
  ShutdownGuard(String name, Runnable stopAction) {
    this.stopAction = stopAction;
    this.hook = new Thread(this::stop, name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Stops the server if it is not stopped yet; leaves the hook registered (harmless: it finds
   * nothing to do).
   */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopAction.run();
  }

  /** Stops the server and unregisters the hook. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook has run or is running, and finds nothing to do.
    }
  }
}
