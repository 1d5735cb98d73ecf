package io.xenia.dht.query;

/**
 * A query that does not parse. Carries the 0-based offset and length of the offending token so that
 * a UI can underline it; {@link #caret()} renders that underline as text.
 */
public final class QuerySyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String query;
  private final int offset;
  private final int length;

  /**
   * @param query the whole query text
   * @param offset 0-based offset of the bad token; {@code query.length()} for "unexpected end"
   * @param length length of the bad token, at least 1
   * @param detail what is wrong, without the position (it is appended)
   */
  QuerySyntaxException(String query, int offset, int length, String detail) {
    super(detail + " at " + offset);
    this.query = query;
    this.offset = offset;
    this.length = Math.max(1, length);
  }

  /** The query text that failed to parse. */
  public String query() {
    return query;
  }

  /** 0-based character offset of the bad token. */
  public int offset() {
    return offset;
  }

  /** Length in characters of the bad token (at least 1). */
  public int length() {
    return length;
  }

  /** The query on one line and {@code ^^^} under the bad token on the next. */
  public String caret() {
    return query + "\n" + " ".repeat(offset) + "^".repeat(length);
  }
}
