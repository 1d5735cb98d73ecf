package io.xenia.hostdaemon.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.store.AtomicFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;

/**
 * The hash-chained, append-only audit log (format: {@link AuditEntry}). Every append is fsynced
 * before it returns, so after a kill -9 the log holds every entry whose append returned, plus at
 * most one torn (partial) last line.
 *
 * <p>Opening a log whose last line is torn cuts the torn bytes off (they were never acknowledged)
 * and appends an {@code audit-torn-tail-discarded} entry with their length and SHA-256, so the cut
 * itself is on the record. A last complete line that does not parse refuses to open: that is
 * corruption, for {@code host-daemon audit verify} and an operator.
 *
 * <p>Thread-safe. Appends are written in order under a lock; the fsync happens outside it, and one
 * fsync covers every append written before it (group commit), so concurrent appenders share fsyncs
 * while each still returns only once its own entry is durable. A failed write cuts the file back to
 * the last whole entry; if even that fails, the log refuses further appends.
 */
public final class AuditLog implements Audit, AutoCloseable {
  private final Path file;
  private final Clock clock;
  private final FileChannel channel;

  /** Guards seq, lastHash, writtenEnd, broken and the channel's writes. */
  private final Object writeLock = new Object();

  /** Held by the one thread that fsyncs; the others wait for it and are then usually covered. */
  private final Object syncLock = new Object();

  private long seq;
  private String lastHash;
  private long writtenEnd;
  private boolean broken;
  private volatile long syncedEnd;

  private AuditLog(
      Path file, Clock clock, FileChannel channel, long seq, String lastHash, long end) {
    this.file = file;
    this.clock = clock;
    this.channel = channel;
    this.seq = seq;
    this.lastHash = lastHash;
    this.writtenEnd = end;
    this.syncedEnd = end;
  }

  /**
   * Opens (creating if absent) the log for appending.
   *
   * @throws AuditException if the last complete entry is corrupt or the file cannot be opened
   */
  public static AuditLog open(Path file, Clock clock) {
    requireNonNull(file, "file is null");
    requireNonNull(clock, "clock is null");
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      boolean created = !Files.exists(file);
      Tail tail = readTail(file);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (created) {
        AtomicFiles.fsyncDirectory(dir);
      }
      AuditLog log = new AuditLog(file, clock, channel, tail.seq, tail.hash, tail.validLength);
      if (tail.tornBytes.length > 0) {
        channel.truncate(tail.validLength);
        channel.force(true);
        log.record(
            "audit-torn-tail-discarded",
            "",
            Map.of(
                "bytes",
                Integer.toString(tail.tornBytes.length),
                "sha256",
                AuditEntry.sha256Hex(tail.tornBytes)));
      }
      return log;
    } catch (IOException e) {
      throw new AuditException("cannot open audit log " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends and fsyncs one entry.
   *
   * @throws AuditException if it could not be made durable
   */
  @Override
  public void record(String action, String machine, Map<String, String> details) {
    append(action, machine, details);
  }

  /** Appends and fsyncs one entry, returning it. */
  public AuditEntry append(String action, String machine, Map<String, String> details) {
    AuditEntry entry;
    long end;
    synchronized (writeLock) {
      if (broken) {
        throw new AuditException("audit log " + file + " is broken by an earlier write failure");
      }
      entry = AuditEntry.chain(seq + 1, clock.instant(), action, machine, details, lastHash);
      byte[] line = (entry.toLine() + "\n").getBytes(UTF_8);
      try {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        long position = writtenEnd;
        while (buffer.hasRemaining()) {
          position += channel.write(buffer, position);
        }
      } catch (IOException e) {
        cutBack();
        throw new AuditException("cannot append to audit log " + file + ": " + e.getMessage(), e);
      }
      writtenEnd += line.length;
      end = writtenEnd;
      seq = entry.seq();
      lastHash = entry.hash();
    }
    sync(end);
    return entry;
  }

  /** Returns once everything up to {@code end} is on disk. */
  private void sync(long end) {
    if (syncedEnd >= end) {
      return;
    }
    synchronized (syncLock) {
      if (syncedEnd >= end) {
        return; // another appender's fsync covered this entry
      }
      long target;
      synchronized (writeLock) {
        target = writtenEnd;
      }
      try {
        channel.force(false);
      } catch (IOException e) {
        synchronized (writeLock) {
          broken = true; // what reached the disk is unknown: stop rather than guess
        }
        throw new AuditException("cannot fsync audit log " + file + ": " + e.getMessage(), e);
      }
      syncedEnd = target;
    }
  }

  /** After a failed write, removes its partial bytes; marks the log broken if that fails. */
  private void cutBack() {
    try {
      channel.truncate(writtenEnd);
    } catch (IOException e) {
      broken = true;
    }
  }

  /** The number of entries. */
  public long size() {
    synchronized (writeLock) {
      return seq;
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      synchronized (writeLock) {
        broken = true; // appends after close fail clearly, not with ClosedChannelException
      }
      channel.close();
    } catch (IOException e) {
      throw new AuditException("cannot close audit log " + file, e);
    }
  }

  private record Tail(long seq, String hash, long validLength, byte[] tornBytes) {}

  /** Finds the last complete entry by reading backwards from the end of the file. */
  private static Tail readTail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new Tail(0, AuditEntry.GENESIS, 0, new byte[0]);
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      long end = length;
      // Bytes after the last newline were never acknowledged: a torn append.
      long lastNewline = lastIndexOf(raf, '\n', length);
      byte[] torn = new byte[(int) (length - (lastNewline + 1))];
      raf.seek(lastNewline + 1);
      raf.readFully(torn);
      end = lastNewline + 1;
      if (end == 0) {
        return new Tail(0, AuditEntry.GENESIS, 0, torn);
      }
      long start = lastIndexOf(raf, '\n', end - 1) + 1;
      byte[] line = new byte[(int) (end - 1 - start)];
      raf.seek(start);
      raf.readFully(line);
      AuditEntry last;
      try {
        last = AuditEntry.parse(new String(line, UTF_8));
      } catch (RuntimeException e) {
        throw new AuditException(
            "the last entry of audit log "
                + file
                + " is corrupt ("
                + e.getMessage()
                + "); run `host-daemon audit verify`",
            e);
      }
      return new Tail(last.seq(), last.hash(), end, torn);
    }
  }

  /** Position of the last {@code b} before {@code before}, or -1. */
  private static long lastIndexOf(RandomAccessFile raf, char b, long before) throws IOException {
    byte[] buf = new byte[8192];
    long pos = before;
    while (pos > 0) {
      int n = (int) Math.min(buf.length, pos);
      pos -= n;
      raf.seek(pos);
      raf.readFully(buf, 0, n);
      for (int i = n - 1; i >= 0; i--) {
        if (buf[i] == b) {
          return pos + i;
        }
      }
    }
    return -1;
  }
}
