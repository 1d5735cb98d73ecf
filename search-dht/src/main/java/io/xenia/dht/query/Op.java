package io.xenia.dht.query;

/** A comparison operator as written in a query. */
public enum Op {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as it appears in query text, e.g. {@code "<="}. */
  public String symbol() {
    return symbol;
  }

  /** True for {@code < <= > >=}, which only make sense on numeric attributes. */
  public boolean isOrdering() {
    return switch (this) {
      case EQ, NE -> false;
      case LT, LE, GT, GE -> true;
    };
  }

  /** Applies this operator to the result of {@code candidate.compareTo(bound)}. */
  boolean test(int comparison) {
    return switch (this) {
      case EQ -> comparison == 0;
      case NE -> comparison != 0;
      case LT -> comparison < 0;
      case LE -> comparison <= 0;
      case GT -> comparison > 0;
      case GE -> comparison >= 0;
    };
  }
}
