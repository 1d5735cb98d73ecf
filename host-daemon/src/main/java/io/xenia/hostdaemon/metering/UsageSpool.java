package io.xenia.hostdaemon.metering;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The durable local spool of usage records, one directory per session and one file per record, each
 * written atomically (temporary file, fsync, rename, directory fsync): after a crash a record is
 * wholly there or not at all.
 *
 * <pre>
 *   &lt;dir&gt;/&lt;sessionId&gt;/&lt;sequence, 20 digits&gt;.rec   line 1: the envelope JSON as shipped; line 2: MeterState JSON
 *   &lt;dir&gt;/&lt;sessionId&gt;/shipped                      highest sequence the broker acknowledged (decimal)
 *   &lt;dir&gt;/&lt;sessionId&gt;/closed                       the session's meter is closed (no record was due at the end)
 * </pre>
 *
 * <p>Shipped records are deleted, except the session's last one, which the sampler resumes from.
 * Thread-safe (one lock; the files are small).
 */
public final class UsageSpool {
  private static final String SUFFIX = ".rec";
  private static final String SHIPPED = "shipped";
  private static final String CLOSED = "closed";

  private final Path dir;

  private UsageSpool(Path dir) {
    this.dir = dir;
  }

  /** Opens (creating) the spool in {@code dir}; deletes temporary files left by a crash. */
  public static UsageSpool open(Path dir) {
    requireNonNull(dir, "dir is null");
    try {
      Files.createDirectories(dir);
      try (Stream<Path> sessions = Files.list(dir)) {
        for (Path s : sessions.filter(Files::isDirectory).toList()) {
          try (Stream<Path> files = Files.list(s)) {
            for (Path f : files.toList()) {
              if (f.getFileName().toString().endsWith(AtomicFiles.TMP_SUFFIX)) {
                Files.deleteIfExists(f);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the usage spool " + dir, e);
    }
    return new UsageSpool(dir);
  }

  public Path directory() {
    return dir;
  }

  /**
   * Writes a record durably. Writing the same bytes again is a no-op; a different record under an
   * existing (session, sequence) is refused: that would be a conflicting duplicate.
   */
  public synchronized void append(SpooledRecord r) {
    Path file = recordFile(r.sessionId(), r.sequence());
    byte[] content = encode(r);
    try {
      if (Files.exists(file)) {
        if (Arrays.equals(Files.readAllBytes(file), content)) {
          return;
        }
        throw new IllegalStateException(
            "session " + r.sessionId() + " already has record " + r.sequence() + " in the spool");
      }
      Path sessionDir = file.getParent();
      if (!Files.isDirectory(sessionDir)) {
        Files.createDirectories(sessionDir);
        AtomicFiles.fsyncDirectory(dir);
      }
      AtomicFiles.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool usage record " + file, e);
    }
  }

  /** Marks a session's meter closed when no final record was due. */
  public synchronized void close(String sessionId) {
    try {
      Path sessionDir = sessionDir(sessionId);
      Files.createDirectories(sessionDir);
      AtomicFiles.write(sessionDir.resolve(CLOSED), new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close session " + sessionId + " in the spool", e);
    }
  }

  /** True if the session's meter was closed (final record cut, or nothing was due). */
  public synchronized boolean isClosed(String sessionId) {
    if (Files.exists(sessionDir(sessionId).resolve(CLOSED))) {
      return true;
    }
    return last(sessionId).map(r -> r.state().closed()).orElse(false);
  }

  /** Every session's last record: where the sampler resumes. */
  public synchronized Map<String, SpooledRecord> lastPerSession() {
    Map<String, SpooledRecord> last = new LinkedHashMap<>();
    for (String s : sessions()) {
      last(s).ifPresent(r -> last.put(s, r));
    }
    return last;
  }

  /** The session's last record, if any. */
  public synchronized Optional<SpooledRecord> last(String sessionId) {
    List<Long> seqs = sequences(sessionId);
    if (seqs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(read(sessionId, seqs.get(seqs.size() - 1)));
  }

  /** The records not yet acknowledged by the broker, per session in sequence order. */
  public synchronized Map<String, List<SpooledRecord>> pending() {
    Map<String, List<SpooledRecord>> out = new LinkedHashMap<>();
    for (String s : sessions()) {
      long shipped = shipped(s);
      List<SpooledRecord> rs = new ArrayList<>();
      for (long seq : sequences(s)) {
        if (seq > shipped) {
          rs.add(read(s, seq));
        }
      }
      if (!rs.isEmpty()) {
        out.put(s, rs);
      }
    }
    return out;
  }

  /** Number of records not yet acknowledged. */
  public int pendingCount() {
    return pending().values().stream().mapToInt(List::size).sum();
  }

  /** The highest sequence of the session the broker acknowledged (0: none). */
  public synchronized long shipped(String sessionId) {
    Path f = sessionDir(sessionId).resolve(SHIPPED);
    try {
      return Files.exists(f) ? Long.parseLong(Files.readString(f, US_ASCII).trim()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  /**
   * Records that the broker acknowledged the session's records up to {@code sequence}, then deletes
   * those files except the last one (the sampler's resume point).
   */
  public synchronized void markShipped(String sessionId, long sequence) {
    if (sequence <= shipped(sessionId)) {
      return;
    }
    Path sessionDir = sessionDir(sessionId);
    try {
      AtomicFiles.write(sessionDir.resolve(SHIPPED), Long.toString(sequence).getBytes(US_ASCII));
      List<Long> seqs = sequences(sessionId);
      long keep = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
      for (long seq : seqs) {
        if (seq <= sequence && seq != keep) {
          Files.deleteIfExists(recordFile(sessionId, seq));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark records of " + sessionId + " shipped", e);
    }
  }

  private List<String> sessions() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the usage spool " + dir, e);
    }
  }

  private List<Long> sequences(String sessionId) {
    Path sessionDir = sessionDir(sessionId);
    if (!Files.isDirectory(sessionDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(sessionDir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX))
          .map(n -> Long.parseLong(n.substring(0, n.length() - SUFFIX.length())))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sessionDir, e);
    }
  }

  private SpooledRecord read(String sessionId, long seq) {
    Path f = recordFile(sessionId, seq);
    try {
      byte[] all = Files.readAllBytes(f);
      int nl = indexOf(all, 0);
      int nl2 = nl < 0 ? -1 : indexOf(all, nl + 1);
      if (nl < 0 || nl2 != all.length - 1) {
        throw new IllegalStateException("corrupt usage record file " + f);
      }
      return new SpooledRecord(
          Arrays.copyOfRange(all, 0, nl),
          MeterState.fromJson(Arrays.copyOfRange(all, nl + 1, nl2)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static byte[] encode(SpooledRecord r) {
    byte[] env = r.envelopeJson();
    byte[] state = r.state().toJson();
    byte[] out = new byte[env.length + state.length + 2];
    System.arraycopy(env, 0, out, 0, env.length);
    out[env.length] = '\n';
    System.arraycopy(state, 0, out, env.length + 1, state.length);
    out[out.length - 1] = '\n';
    return out;
  }

  private Path sessionDir(String sessionId) {
    if (!sessionId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
      throw new IllegalArgumentException("not a session id: " + sessionId);
    }
    return dir.resolve(sessionId);
  }

  private Path recordFile(String sessionId, long seq) {
    return sessionDir(sessionId).resolve(String.format("%020d", seq) + SUFFIX);
  }
}
