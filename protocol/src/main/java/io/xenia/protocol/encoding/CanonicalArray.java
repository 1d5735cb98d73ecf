package io.xenia.protocol.encoding;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A JSON array. Order is significant and kept as given.
 *
 * @param elements the elements, copied into an unmodifiable list
 */
public record CanonicalArray(List<CanonicalValue> elements) implements CanonicalValue {

  /** Copies the elements. */
  public CanonicalArray {
    elements = List.copyOf(requireNonNull(elements, "elements is null"));
  }

  /** An array of the given elements. */
  public static CanonicalArray of(CanonicalValue... elements) {
    return new CanonicalArray(List.of(elements));
  }

  @Override
  public String kind() {
    return "array";
  }
}
