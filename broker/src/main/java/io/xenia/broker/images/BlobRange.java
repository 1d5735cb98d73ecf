package io.xenia.broker.images;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a blob (RFC 9110 §14): {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
 * A Range header of another form (several ranges, other units) is ignored and the whole blob is
 * served, as RFC 9110 allows.
 */
public record BlobRange(long first, long last) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  public long length() {
    return last - first + 1;
  }

  /** Thrown when the range starts beyond the blob: answered 416 with the blob's size. */
  public static final class Unsatisfiable extends Exception {
    private static final long serialVersionUID = 1L;

    Unsatisfiable(String header) {
      super("Range " + header + " is outside the blob");
    }
  }

  /**
   * The range a header asks of a blob of {@code size} bytes; empty for no header or one this parser
   * ignores (serve all).
   */
  public static Optional<BlobRange> parse(String header, long size) throws Unsatisfiable {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0) {
          throw new Unsatisfiable(header);
        }
        return Optional.of(new BlobRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
      if (first >= size) {
        throw new Unsatisfiable(header);
      }
      if (last < first) {
        return Optional.empty();
      }
      return Optional.of(new BlobRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
