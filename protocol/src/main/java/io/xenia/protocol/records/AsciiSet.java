package io.xenia.protocol.records;

/**
 * A set of ASCII characters written like a regular expression's class ({@code "a-z0-9._-"}), for
 * field rules checked on every decoded record: a loop over a table is several times cheaper than
 * {@code Pattern.matcher(…).matches()}, and these checks ran on every identifier billing reads.
 */
final class AsciiSet {
  private final boolean[] members = new boolean[128];

  private AsciiSet(String spec) {
    for (int i = 0; i < spec.length(); i++) {
      char from = spec.charAt(i);
      char to = from;
      if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
        to = spec.charAt(i + 2);
        i += 2;
      }
      for (char c = from; c <= to; c++) {
        members[c] = true;
      }
    }
  }

  /**
   * The characters of {@code spec}: single characters and ranges {@code a-z}; a '-' is literal
   * last.
   */
  static AsciiSet of(String spec) {
    return new AsciiSet(spec);
  }

  boolean contains(char c) {
    return c < 128 && members[c];
  }

  /** Whether every character of {@code s} from {@code from} on is in the set. */
  boolean containsAll(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (!contains(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
