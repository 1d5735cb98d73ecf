package io.xenia.hostdaemon.advertise;

import io.xenia.hostdaemon.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Advertisement sequence numbers, one counter per machine in {@code <dir>/<machine>.seq}, written
 * durably before the number is used, so a restarted daemon never reuses one (the DHT refuses an ad
 * that is not newer than the one it holds). Each number is at least the clock in microseconds —
 * above the clock-derived sequence of a withdrawal the DHT made without a record of the last ad —
 * and at least two above the last one, since a withdrawal tombstones with the last ad's sequence
 * plus one. Used from one thread (the advertiser's).
 */
final class SequenceNumbers {
  private final Path dir;
  private final Clock clock;

  SequenceNumbers(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  long next(String machineId) {
    Path file = dir.resolve(machineId + ".seq");
    long last = 0;
    try {
      if (Files.exists(file)) {
        last = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
      }
      long next = Math.max(last + 2, clock.millis() * 1000);
      AtomicFiles.write(file, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
      return next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sequence number in " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(file + " holds no sequence number: " + e.getMessage(), e);
    }
  }
}
