package io.xenia.billing.exports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes RFC 4180 CSV: CRLF line ends, a header row, and a field quoted (its quotes doubled) when
 * it holds a comma, a quote, CR or LF. Money goes in as decimal strings ({@code Money.amount()}),
 * never as floating point. Writes to a {@link StringBuilder} of its own, or streams to any {@link
 * Appendable} (a file's writer, for exports too large to hold). Not thread-safe; one per document.
 */
public final class Csv {
  private final Appendable out;
  private final int columns;

  /** A document in memory: {@link #toString()} is the CSV. */
  public Csv(List<String> header) {
    this(new StringBuilder(), header);
  }

  /** A document written to {@code out} as rows come; I/O errors are unchecked. */
  public Csv(Appendable out, List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("a CSV document has at least one column");
    }
    this.out = out;
    this.columns = header.size();
    row(header);
  }

  /**
   * Appends a record; {@code null} fields are written empty.
   *
   * @throws IllegalArgumentException if it has another number of fields than the header
   */
  public Csv row(List<?> fields) {
    if (fields.size() != columns) {
      throw new IllegalArgumentException(
          "a row of " + fields.size() + " fields in a CSV document of " + columns + " columns");
    }
    try {
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        Object field = fields.get(i);
        out.append(field == null ? "" : escape(field.toString()));
      }
      out.append("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a CSV row", e);
    }
    return this;
  }

  /** The document, when it is written in memory. */
  @Override
  public String toString() {
    return out.toString();
  }

  static String escape(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\r') < 0
        && field.indexOf('\n') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
