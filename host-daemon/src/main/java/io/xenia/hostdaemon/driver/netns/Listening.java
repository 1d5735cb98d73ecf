package io.xenia.hostdaemon.driver.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a TCP port listens in some process's network namespace, read from {@code
 * /proc/PID/net/tcp} (which shows the namespace of that process). Polling this costs a file read;
 * polling with connections costs the forwarder a fork per attempt, which at 20 machines starting at
 * once was most of the host's CPU.
 */
final class Listening {
  private static final String LISTEN = "0A";

  private Listening() {}

  /** Whether {@code port} listens (on any address) in the network namespace of {@code pid}. */
  static boolean inNamespaceOf(long pid, int port) {
    String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
    for (String table : List.of("tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
          String[] f = line.strip().split("\\s+");
          if (f.length > 3 && f[1].endsWith(suffix) && f[3].equals(LISTEN)) {
            return true;
          }
        }
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }
}
