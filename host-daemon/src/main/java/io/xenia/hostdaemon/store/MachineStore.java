package io.xenia.hostdaemon.store;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Crash-safe persistence of every machine's {@link MachineRecord}: one file {@code <id>.json} per
 * machine in one directory, replaced atomically ({@link AtomicFiles}) on every change.
 *
 * <p>Every change is a compare-and-set on the record's version: {@link #compareAndSet} succeeds
 * only if the caller's copy is the current one, so two concurrent writers (two admissions racing
 * for one machine, an admission and the reconciler) can never both win. State changes are checked
 * against the lifecycle rules and audited <em>before</em> the file is written (write-ahead: after a
 * crash between the two the log may name one transition the file does not have, never the other way
 * round).
 *
 * <p>The directory holds an exclusive lock file while open, so that a second daemon on the same
 * data directory fails at start instead of corrupting state. Thread-safe.
 */
public final class MachineStore implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final Audit audit;
  private final Clock clock;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, MachineRecord> records = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final List<StoreListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private MachineStore(Path dir, Audit audit, Clock clock, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.audit = audit;
    this.clock = clock;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens the store, loading every machine file and deleting temporary files a crash left.
   *
   * @throws StoreException if another process holds the directory or a file is unreadable
   */
  public static MachineStore open(Path dir, Audit audit, Clock clock) {
    requireNonNull(dir, "dir is null");
    requireNonNull(audit, "audit is null");
    requireNonNull(clock, "clock is null");
    try {
      Files.createDirectories(dir);
      FileChannel ch =
          FileChannel.open(
              dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null; // held by this very process
      }
      if (lock == null) {
        ch.close();
        throw new StoreException("another host-daemon holds " + dir);
      }
      MachineStore store = new MachineStore(dir, audit, clock, ch, lock);
      store.load();
      return store;
    } catch (IOException e) {
      throw new StoreException("cannot open machine store " + dir + ": " + e.getMessage(), e);
    }
  }

  private void load() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(AtomicFiles.TMP_SUFFIX)) {
          Files.delete(f); // an unfinished write: the rename never happened, the old file stands
        } else if (name.endsWith(SUFFIX)) {
          MachineRecord r;
          try {
            r = MachineRecordCodec.decode(Files.readAllBytes(f));
          } catch (RuntimeException e) {
            throw new StoreException("machine file " + f + " is unreadable: " + e.getMessage(), e);
          }
          if (!name.equals(r.machineId() + SUFFIX)) {
            throw new StoreException("machine file " + f + " holds machine " + r.machineId());
          }
          records.put(r.machineId(), r);
        }
      }
    }
  }

  /** The machine's current record. */
  public Optional<MachineRecord> get(String machineId) {
    return Optional.ofNullable(records.get(machineId));
  }

  /** The machine's current record, which must exist. */
  public MachineRecord require(String machineId) {
    return get(machineId)
        .orElseThrow(() -> new IllegalArgumentException("unknown machine " + machineId));
  }

  /** Every machine's record, by id. */
  public List<MachineRecord> all() {
    List<MachineRecord> list = new ArrayList<>(records.values());
    list.sort(Comparator.comparing(MachineRecord::machineId));
    return list;
  }

  /**
   * The machine's record, first written as {@link MachineState#NEW} if the store has none (an
   * inventory machine seen for the first time).
   */
  public MachineRecord register(String machineId) {
    if (!ID.matcher(machineId).matches()) {
      throw new IllegalArgumentException(
          "machine id \"" + machineId + "\" must be 1-128 letters, digits, '.', '_' or '-'");
    }
    synchronized (lockFor(machineId)) {
      MachineRecord existing = records.get(machineId);
      if (existing != null) {
        return existing;
      }
      MachineRecord fresh = MachineRecord.fresh(machineId, clock.instant()).withVersion(1);
      audit.record("machine-registered", machineId, Map.of("state", fresh.state().wireName()));
      write(fresh);
      return fresh;
    }
  }

  /**
   * Replaces the machine's record if {@code expected} is still current; the written record has
   * version {@code expected.version() + 1}. A state change must be allowed by {@link
   * io.xenia.hostdaemon.machine.Lifecycle} (use {@link MachineRecord#moveTo}) and is audited as a
   * {@code transition}; other changes are audited as an {@code update}.
   *
   * @throws ConcurrentUpdateException if the record changed since {@code expected} was read
   * @throws StoreException if it could not be written durably (the record is then unchanged)
   */
  public MachineRecord compareAndSet(MachineRecord expected, MachineRecord next) {
    requireNonNull(expected, "expected is null");
    requireNonNull(next, "next is null");
    String id = expected.machineId();
    if (!next.machineId().equals(id)) {
      throw new IllegalArgumentException("cannot replace " + id + " with " + next.machineId());
    }
    synchronized (lockFor(id)) {
      MachineRecord current = records.get(id);
      if (current == null) {
        throw new IllegalArgumentException("unknown machine " + id);
      }
      if (current.version() != expected.version()) {
        throw new ConcurrentUpdateException(current, expected.version());
      }
      MachineRecord written = next.withVersion(current.version() + 1);
      audit.record(
          current.state() == written.state() ? "update" : "transition",
          id,
          details(current, written));
      write(written);
      return written;
    }
  }

  /**
   * Moves the machine to another state (compare-and-set on {@code current}).
   *
   * @throws io.xenia.hostdaemon.machine.IllegalTransitionException if the lifecycle forbids it
   * @throws ConcurrentUpdateException if {@code current} is stale
   */
  public MachineRecord transition(MachineRecord current, MachineState to, Optional<String> why) {
    return compareAndSet(current, current.moveTo(to, why, clock.instant()));
  }

  /**
   * The atomic claim: moves a ready machine to {@link MachineState#CLAIMED} for {@code session}, if
   * its record is still at {@code expectedVersion} and ready. Of any number of concurrent claims
   * for one machine and version, exactly one returns a record.
   *
   * @return the claimed record, or empty if the machine changed or is not ready
   */
  public Optional<MachineRecord> claim(String machineId, long expectedVersion, Session session) {
    requireNonNull(session, "session is null");
    synchronized (lockFor(machineId)) {
      MachineRecord current = require(machineId);
      if (current.version() != expectedVersion || current.state() != MachineState.READY) {
        return Optional.empty();
      }
      MachineRecord claimed =
          current
              .withSession(Optional.of(session))
              .moveTo(MachineState.CLAIMED, Optional.empty(), clock.instant());
      return Optional.of(compareAndSet(current, claimed));
    }
  }

  private Map<String, String> details(MachineRecord from, MachineRecord to) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("from", from.state().wireName());
    d.put("to", to.state().wireName());
    d.put("version", Long.toString(to.version()));
    to.reason().ifPresent(r -> d.put("reason", r));
    to.session().or(from::session).ifPresent(s -> d.put("session", s.sessionId()));
    return d;
  }

  /** Adds a listener for every later write. */
  public void addListener(StoreListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  private void write(MachineRecord r) {
    try {
      AtomicFiles.write(dir.resolve(r.machineId() + SUFFIX), MachineRecordCodec.encode(r));
    } catch (IOException e) {
      throw new StoreException(
          "cannot write machine " + r.machineId() + " to " + dir + ": " + e.getMessage(), e);
    }
    MachineRecord before = records.put(r.machineId(), r);
    for (StoreListener l : listeners) {
      try {
        l.changed(before, r);
      } catch (RuntimeException e) {
        // A listener's bug must not undo or fail a durable write.
        System.err.println("host-daemon: store listener failed: " + e);
      }
    }
  }

  private Object lockFor(String machineId) {
    return locks.computeIfAbsent(machineId, k -> new Object());
  }

  /** The directory of the machine files. */
  public Path directory() {
    return dir;
  }

  /** Releases the directory lock. */
  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new StoreException("cannot release " + dir, e);
    }
  }
}
