package io.xenia.hostdaemon.advertise;

import io.xenia.hostdaemon.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which machines may have a live ad, as empty files {@code <dir>/<machine>.live}: made durably
 * before a publication, removed after a withdrawal. A daemon killed with ads out finds the marks at
 * start and withdraws the ads of machines that are no longer ready, instead of leaving them
 * findable until their TTL runs out.
 */
final class LiveMarks {
  private static final String SUFFIX = ".live";
  private final Path dir;

  LiveMarks(Path dir) {
    this.dir = dir;
  }

  void mark(String machineId) {
    Path file = dir.resolve(machineId + SUFFIX);
    if (Files.exists(file)) {
      return;
    }
    try {
      AtomicFiles.write(file, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  void unmark(String machineId) {
    try {
      Files.deleteIfExists(dir.resolve(machineId + SUFFIX));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the live mark of " + machineId, e);
    }
  }

  /** The machines marked live. */
  Set<String> marked() {
    Set<String> ids = new TreeSet<>();
    try (var files = Files.list(dir)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX))
          .forEach(n -> ids.add(n.substring(0, n.length() - SUFFIX.length())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return ids;
  }
}
