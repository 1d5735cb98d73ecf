package io.xenia.dht.query;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/** A literal value on the right-hand side of a predicate. */
public sealed interface Value permits Value.Num, Value.Word {

  /**
   * An exact number, already converted to its attribute's canonical unit. The amount is stored
   * without trailing zeros so that {@code 0.80} and {@code 0.8} (or {@code 1GiB} and {@code
   * 1024MiB}) are equal values.
   */
  record Num(BigDecimal amount) implements Value {
    /** Normalises the scale; rejects negative amounts, which no attribute has. */
    public Num {
      Objects.requireNonNull(amount, "amount");
      if (amount.signum() < 0) {
        throw new IllegalArgumentException("negative amount " + amount);
      }
      amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }

    /** Convenience for tests and callers with integral amounts. */
    public static Num of(long amount) {
      return new Num(BigDecimal.valueOf(amount));
    }
  }

  /**
   * A literal word, compared case-sensitively and exactly ({@code *} in a word is a literal star;
   * globs are {@link Matches} predicates, not words).
   */
  record Word(String text) implements Value {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.:/+-]+");

    /** Rejects null only; any text can be expressed by quoting. */
    public Word {
      Objects.requireNonNull(text, "text");
    }

    /** The word as query text: bare when it only has bare-word characters, quoted otherwise. */
    String render() {
      if (BARE.matcher(text).matches()) {
        return text;
      }
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
