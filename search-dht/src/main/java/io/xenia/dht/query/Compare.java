package io.xenia.dht.query;

import java.util.Objects;

/**
 * {@code attribute op value}, e.g. {@code mem>=65536} (MiB). Ordering operators require a numeric
 * attribute; numbers are exact and bounds are inclusive or exclusive exactly as the operator says.
 */
public record Compare(Attribute attribute, Op op, Value value) implements Predicate {
  /** Rejects combinations the parser could never produce, so that toString always re-parses. */
  public Compare {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(op, "op");
    Values.check(attribute, value);
    if (op.isOrdering() && !attribute.isNumeric()) {
      throw new IllegalArgumentException(op.symbol() + " needs a numeric attribute: " + attribute);
    }
  }

  @Override
  public boolean accepts(Object candidate) {
    return op.test(Candidates.compare(attribute, candidate, value));
  }

  @Override
  public String toString() {
    return attribute.id() + op.symbol() + Values.render(attribute, value);
  }
}
