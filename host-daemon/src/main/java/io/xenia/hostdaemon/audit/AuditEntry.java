package io.xenia.hostdaemon.audit;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalString;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One line of the audit log: an action, chained to the line before by that line's hash.
 *
 * <p>On disk an entry is the canonical JSON (protocol's encoding: sorted keys, no whitespace) of
 * {@code {"action","at","details","hash","machine","prev","seq"}} and a newline. {@code hash} is
 * the lowercase hex SHA-256 of the canonical JSON of the same object without {@code hash}; {@code
 * prev} is the previous entry's {@code hash}, or 64 zeros for the first entry.
 *
 * @param seq 1 for the first entry, then +1 per entry
 * @param at when it was appended (millisecond precision)
 * @param action what happened, like {@code "transition"} or {@code "deploy-started"}
 * @param machine the machine it concerns, or {@code ""} for the daemon itself
 * @param details further facts as strings (from/to state, session, reason, ...)
 * @param prev the previous entry's hash
 * @param hash this entry's hash
 */
public record AuditEntry(
    long seq,
    Instant at,
    String action,
    String machine,
    SortedMap<String, String> details,
    String prev,
    String hash) {
  /** The {@code prev} of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  public AuditEntry {
    at = requireNonNull(at, "at is null").truncatedTo(ChronoUnit.MILLIS);
    requireNonNull(action, "action is null");
    requireNonNull(machine, "machine is null");
    details = new TreeMap<>(details);
    requireNonNull(prev, "prev is null");
    requireNonNull(hash, "hash is null");
  }

  /** A new entry after {@code prev}, with its hash computed. */
  static AuditEntry chain(
      long seq,
      Instant at,
      String action,
      String machine,
      Map<String, String> details,
      String prev) {
    AuditEntry unhashed =
        new AuditEntry(seq, at, action, machine, new TreeMap<>(details), prev, "");
    return new AuditEntry(
        seq, unhashed.at(), action, machine, unhashed.details(), prev, unhashed.computeHash());
  }

  /** The hash this entry's content should have. */
  public String computeHash() {
    return sha256Hex(CanonicalJson.encode(body().build()));
  }

  /** The line as written, without the newline. */
  public String toLine() {
    return CanonicalJson.encodeToString(body().put("hash", hash).build());
  }

  /**
   * Parses a line (without newline).
   *
   * @throws IllegalArgumentException if it is not an entry
   */
  public static AuditEntry parse(String line) {
    CanonicalValue value = CanonicalJson.parse(line.getBytes(StandardCharsets.UTF_8));
    FieldReader r = FieldReader.of(value, "entry");
    long seq = r.integer("seq", 1, Long.MAX_VALUE);
    Instant at = r.instant("at");
    String action = r.string("action");
    String machine = r.string("machine");
    FieldReader d = r.object("details");
    TreeMap<String, String> details = new TreeMap<>();
    for (String key : d.keys()) {
      details.put(key, d.string(key));
    }
    d.finish();
    String prev = r.string("prev");
    String hash = r.string("hash");
    r.finish();
    return new AuditEntry(seq, at, action, machine, details, prev, hash);
  }

  private CanonicalObject.Builder body() {
    CanonicalObject.Builder d = CanonicalObject.builder();
    details.forEach((k, v) -> d.put(k, new CanonicalString(v)));
    return CanonicalObject.builder()
        .put("seq", seq)
        .put("at", at)
        .put("action", action)
        .put("machine", machine)
        .put("details", d.build())
        .put("prev", prev);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
