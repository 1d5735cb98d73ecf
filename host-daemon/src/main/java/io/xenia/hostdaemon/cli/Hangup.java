package io.xenia.hostdaemon.cli;

/**
 * SIGHUP asks for a reload, as for most Unix daemons. Java 17 has no public signal API; {@code
 * sun.misc.Signal} (module jdk.unsupported, exported and kept for exactly this use) is the
 * supported way. Replacing the JVM's own HUP handler also means SIGHUP no longer stops the daemon
 * (it used to run the shutdown hooks). Where the JVM does not allow it ({@code -Xrs}, a signal in
 * use), the daemon says so and relies on its file polling alone.
 */
final class Hangup {
  private Hangup() {}

  /** Calls {@code reload} on every SIGHUP; returns false (and says why) if it cannot. */
  @SuppressWarnings("removal")
  static boolean onHangup(Runnable reload) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload.run());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      System.err.println(
          "host-daemon: SIGHUP cannot be handled here ("
              + e.getMessage()
              + "): changes are picked up by polling only");
      return false;
    }
  }
}
