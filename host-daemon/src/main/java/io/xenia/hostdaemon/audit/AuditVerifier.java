package io.xenia.hostdaemon.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Checks an audit log's chain from the first entry to the last; reads the file, writes nothing. */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * The outcome of a check.
   *
   * @param entries entries that verified, in order from the first
   * @param firstBad the first entry (1-based line number) that does not verify and why; entries
   *     after it are not checked
   * @param tornTail a description of an unterminated last line (an append cut short by a crash),
   *     which is not corruption: it was never acknowledged
   */
  public record Result(long entries, Optional<String> firstBad, Optional<String> tornTail) {
    public boolean ok() {
      return firstBad.isEmpty();
    }
  }

  /** Verifies the whole file. */
  public static Result verify(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long count = 0;
    String prev = AuditEntry.GENESIS;
    int start = 0;
    int lineNo = 0;
    while (start < all.length) {
      lineNo++;
      int nl = indexOf(all, (byte) '\n', start);
      if (nl < 0) {
        return new Result(
            count,
            Optional.empty(),
            Optional.of(
                "line "
                    + lineNo
                    + " is torn: "
                    + (all.length - start)
                    + " bytes without a newline (an append cut short by a crash; never"
                    + " acknowledged, discarded when the daemon next opens the log)"));
      }
      String line = new String(all, start, nl - start, UTF_8);
      start = nl + 1;
      AuditEntry entry;
      try {
        entry = AuditEntry.parse(line);
      } catch (RuntimeException e) {
        return bad(count, lineNo, "not an audit entry: " + e.getMessage());
      }
      if (entry.seq() != lineNo) {
        return bad(count, lineNo, "seq " + entry.seq() + " where " + lineNo + " was expected");
      }
      if (!entry.prev().equals(prev)) {
        return bad(
            count, lineNo, "prev " + entry.prev() + " is not the previous entry's hash " + prev);
      }
      String computed = entry.computeHash();
      if (!entry.hash().equals(computed)) {
        return bad(
            count,
            lineNo,
            "hash " + entry.hash() + " does not match its content (" + computed + ")");
      }
      prev = entry.hash();
      count++;
    }
    return new Result(count, Optional.empty(), Optional.empty());
  }

  private static Result bad(long count, int lineNo, String why) {
    return new Result(count, Optional.of("entry " + lineNo + ": " + why), Optional.empty());
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
