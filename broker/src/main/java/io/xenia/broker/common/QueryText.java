package io.xenia.broker.common;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.dht.query.Query;
import io.xenia.dht.query.QuerySyntaxException;
import io.xenia.dht.query.Vocabulary;

/**
 * Parses query-language text (docs/search-index.md) for an API parameter: one {@code invalid-query}
 * problem for every language that uses it (offers, fleet queries), naming the bad token, its offset
 * and length, and a caret line under it.
 */
public final class QueryText {
  private QueryText() {}

  /**
   * The parsed query.
   *
   * @throws XeniaException {@code invalid-query} with {@code query}, {@code token}, {@code offset},
   *     {@code length} and {@code caret}
   */
  public static Query parse(String q, Vocabulary vocabulary) {
    try {
      return Query.parse(q, vocabulary);
    } catch (QuerySyntaxException e) {
      int end = Math.min(q.length(), e.offset() + e.length());
      String token = e.offset() >= q.length() ? "" : q.substring(e.offset(), end);
      String what = token.isEmpty() ? "the end of the query" : "'" + token + "'";
      throw new XeniaException(ProblemType.INVALID_QUERY, e.getMessage() + " (" + what + ")")
          .with("query", e.query())
          .with("caret", e.caret())
          .with("token", token)
          .with("offset", e.offset())
          .with("length", e.length());
    } catch (IllegalArgumentException e) {
      throw new XeniaException(ProblemType.INVALID_QUERY, e.getMessage())
          .with("query", q)
          .with("offset", 0)
          .with("length", q.length())
          .with("token", q);
    }
  }
}
