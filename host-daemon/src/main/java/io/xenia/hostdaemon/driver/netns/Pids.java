package io.xenia.hostdaemon.driver.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Processes as {@code /proc} shows them. A pid alone is not an identity (pids are reused after a
 * reboot or a long time), so the driver records a pid with its start time and checks both.
 */
final class Pids {
  private Pids() {}

  /** The start time (clock ticks since boot, field 22 of /proc/pid/stat), if the process lives. */
  static Optional<Long> startTime(long pid) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // The command name (field 2) may hold spaces and parentheses: fields start after the last
      // ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (fields[0].equals("Z") || fields[0].equals("X")) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(fields[19]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the process {@code pid} started at {@code startTime} still runs. */
  static boolean alive(long pid, long startTime) {
    return pid > 0 && startTime(pid).map(t -> t == startTime).orElse(false);
  }

  /** The first child of {@code pid}, if it has one yet. */
  static Optional<Long> firstChild(long pid) {
    try {
      String children =
          Files.readString(
                  Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"))
              .strip();
      if (children.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(children.split(" ")[0]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** SIGKILL, if the process is still there. */
  static void kill(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** SIGTERM, if the process is still there. */
  static void terminate(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
  }
}
