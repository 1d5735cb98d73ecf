package io.xenia.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The directory a server keeps its data and log in, owned by this JVM through a file lock ({@value
 * #LOCK_FILE}) for as long as it is open.
 *
 * <p>A <em>persistent</em> directory is kept as it is on {@link #close()}; the lock stops a second
 * process from running a server on the same data. A <em>temporary</em> directory lives under {@code
 * ${java.io.tmpdir}/xenia-test-support/} and is deleted on {@link #close()}. Temporary directories
 * left behind by a JVM that was killed (its lock is gone) are swept when the next temporary
 * directory of the same kind is created, after a cleanup action that stops whatever server the dead
 * JVM left running there.
 *
 * <p>Not thread-safe; owned by one server instance.
 */
final class WorkDirectory implements AutoCloseable {

  static final String LOCK_FILE = "owner.lock";

  /**
   * A directory younger than this with no lock file yet may be one that another JVM is setting up.
   */
  private static final Duration SETUP_GRACE = Duration.ofMinutes(1);

  /**
   * Directories locked by this JVM. On Linux, closing any channel of a file drops every lock this
   * process holds on it, so this JVM must never open a second channel on a lock file it already
   * holds: it checks this set instead.
   */
  private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final boolean temporary;
  private final FileChannel lockChannel;

  private WorkDirectory(Path path, boolean temporary, FileChannel lockChannel) {
    this.path = path;
    this.temporary = temporary;
    this.lockChannel = lockChannel;
  }

  /** Opens (creating it if needed) a directory whose content outlives this JVM. */
  static WorkDirectory persistent(Path path) {
    Path dir = path.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dir, e);
    }
    FileChannel lock = lock(dir);
    if (lock == null) {
      throw new IllegalStateException(
          "data directory "
              + dir
              + " is in use by another server (in this or another process; see "
              + LOCK_FILE
              + ")");
    }
    return new WorkDirectory(dir, false, lock);
  }

  /**
   * Creates a fresh temporary directory named {@code kind-*}, first sweeping abandoned ones of the
   * same kind: for each, {@code orphanCleanup} runs (it should stop any server process still using
   * the directory), then the directory is deleted.
   */
  static WorkDirectory temporary(String kind, Consumer<Path> orphanCleanup) {
    Path root = temporaryRoot();
    try {
      Files.createDirectories(root);
      sweepAbandoned(root, kind, orphanCleanup);
      Path dir = Files.createTempDirectory(root, kind + "-");
      FileChannel lock = lock(dir);
      if (lock == null) {
        throw new IllegalStateException("cannot lock the new temporary directory " + dir);
      }
      return new WorkDirectory(dir, true, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory under " + root, e);
    }
  }

  /**
   * {@code ${java.io.tmpdir}/xenia-test-support}, where temporary directories (and caches) live.
   */
  static Path temporaryRoot() {
    return Path.of(System.getProperty("java.io.tmpdir"), "xenia-test-support")
        .toAbsolutePath()
        .normalize();
  }

  Path path() {
    return path;
  }

  Path resolve(String name) {
    return path.resolve(name);
  }

  boolean isTemporary() {
    return temporary;
  }

  /** Releases the lock; deletes the directory if it is temporary. Idempotent. */
  @Override
  public void close() {
    if (!lockChannel.isOpen()) {
      return;
    }
    try {
      if (temporary) {
        // Delete while still holding the lock, so that no sweeper in another JVM races with us.
        Directories.deleteRecursively(path);
      }
    } finally {
      closeQuietly(lockChannel);
      LOCKED_HERE.remove(path);
    }
  }

  /**
   * The open channel holding the lock on {@code dir}'s lock file, or null if another process holds
   * it.
   */
  private static FileChannel lock(Path dir) {
    if (!LOCKED_HERE.add(dir)) {
      return null;
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        closeQuietly(channel);
        LOCKED_HERE.remove(dir);
        return null;
      }
      return channel;
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      LOCKED_HERE.remove(dir);
      return null;
    } catch (IOException e) {
      closeQuietly(channel);
      LOCKED_HERE.remove(dir);
      throw new UncheckedIOException("cannot lock " + dir.resolve(LOCK_FILE), e);
    }
  }

  private static void sweepAbandoned(Path root, String kind, Consumer<Path> orphanCleanup)
      throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, kind + "-*")) {
      for (Path dir : dirs) {
        if (!Files.isDirectory(dir)) {
          continue;
        }
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile) && isYoung(dir)) {
          continue;
        }
        FileChannel lock;
        try {
          lock = lock(dir);
        } catch (UncheckedIOException e) {
          continue;
        }
        if (lock == null) {
          continue; // its owner is alive
        }
        try {
          orphanCleanup.accept(dir);
          Directories.deleteRecursively(dir);
        } catch (RuntimeException e) {
          // Best effort: a directory we cannot clean now is tried again next time.
        } finally {
          closeQuietly(lock);
          LOCKED_HERE.remove(dir);
        }
      }
    }
  }

  private static boolean isYoung(Path dir) {
    try {
      Instant modified = Files.getLastModifiedTime(dir).toInstant();
      return modified.isAfter(Instant.now().minus(SETUP_GRACE));
    } catch (IOException e) {
      return true;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
