package io.xenia.dht.query;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A parsed offer query: a non-empty conjunction of predicates on the offer's attributes, plus
 * proximity terms ({@code near=<hostId>}, {@code rtt(<hostId>,...)<=20ms}) that the search index
 * evaluates against network coordinates.
 *
 * <p>Equal queries have equal {@link #toString()} forms, and {@code Query.parse(q.toString())}
 * equals {@code q}. Predicate order is kept as written (it is part of equality) so that error
 * reports and logs mirror what the user typed.
 */
public record Query(List<Predicate> predicates, List<ProximityTerm> proximity) {
  /**
   * Copies the lists; a query needs at least one term so that "match everything" is never an
   * accident of an empty input.
   */
  public Query {
    predicates = List.copyOf(predicates);
    proximity = List.copyOf(proximity);
    if (predicates.isEmpty() && proximity.isEmpty()) {
      throw new IllegalArgumentException("a query needs at least one predicate");
    }
  }

  /** A query of attribute predicates only. */
  public Query(List<Predicate> predicates) {
    this(predicates, List.of());
  }

  /**
   * Parses query text such as {@code cpu>=16 mem>=64GiB region=eu-* gpu.count in (2,4,8)}.
   *
   * @throws QuerySyntaxException pointing at the first bad token
   */
  public static Query parse(String text) {
    Objects.requireNonNull(text, "text");
    return new Parser(text).query();
  }

  /**
   * Parses query text in another query language, such as a fleet query over hosts ({@code
   * cpu.load>0.9 status=up}); the grammar is the same, only the attribute names (and whether
   * proximity terms exist) differ.
   *
   * @throws QuerySyntaxException pointing at the first bad token
   */
  public static Query parse(String text, Vocabulary vocabulary) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vocabulary, "vocabulary");
    return new Parser(text, vocabulary).query();
  }

  /**
   * True if the offer satisfies every attribute predicate (proximity terms need coordinates and are
   * left to the search index).
   *
   * @param attributes the offer's attributes keyed by {@link Attribute#id()}; see {@link
   *     Predicate#accepts(Object)} for the value types. A missing attribute fails its predicates.
   * @throws IllegalArgumentException if a value has the wrong type for its attribute
   */
  public boolean matches(Map<String, ?> attributes) {
    for (Predicate predicate : predicates) {
      Object value = attributes.get(predicate.attribute().id());
      if (value == null || !predicate.accepts(value)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The canonical form: predicates in order, then proximity terms in order, separated by single
   * spaces.
   */
  @Override
  public String toString() {
    return java.util.stream.Stream.concat(
            predicates.stream().map(Predicate::toString),
            proximity.stream().map(ProximityTerm::toString))
        .collect(Collectors.joining(" "));
  }
}
