package io.xenia.dht.query;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code attribute in (v1,v2,...)}: equal to at least one of a non-empty list of values. */
public record OneOf(Attribute attribute, List<Value> values) implements Predicate {
  /** Copies the list; rejects an empty list, which would match nothing and is surely a mistake. */
  public OneOf {
    Objects.requireNonNull(attribute, "attribute");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("empty in-list for " + attribute.id());
    }
    values.forEach(v -> Values.check(attribute, v));
  }

  @Override
  public boolean accepts(Object candidate) {
    return values.stream().anyMatch(v -> Candidates.compare(attribute, candidate, v) == 0);
  }

  @Override
  public String toString() {
    return attribute.id()
        + " in ("
        + values.stream().map(v -> Values.render(attribute, v)).collect(Collectors.joining(","))
        + ")";
  }
}
