package io.xenia.protocol.signing;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalValue;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A kind of signed record: its wire name, which is part of every signature over it, and its
 * conversions to and from the canonical value tree.
 *
 * @param name lowercase wire name like {@code "advertisement"}; letters, digits and '-', no ':' so
 *     that the signing input {@code xenia-v1:<name>:<body>} is unambiguous
 * @param encoder record to canonical tree
 * @param decoder canonical tree to record, validating every field (throws {@link
 *     io.xenia.protocol.encoding.RecordFormatException})
 * @param <T> the record class
 */
public record RecordType<T>(
    String name,
    Function<? super T, ? extends CanonicalValue> encoder,
    Function<? super CanonicalValue, ? extends T> decoder) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /** Validates the name. */
  public RecordType {
    requireValidName(name);
    requireNonNull(encoder, "encoder is null");
    requireNonNull(decoder, "decoder is null");
  }

  /**
   * Checks a type name received from elsewhere against the rules for {@link #name}.
   *
   * @throws IllegalArgumentException if it does not match
   */
  public static String requireValidName(String name) {
    requireNonNull(name, "name is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("record type name must match " + NAME + ": " + name);
    }
    return name;
  }

  /** The canonical tree of a record. */
  public CanonicalValue encode(T record) {
    return requireNonNull(
        encoder.apply(requireNonNull(record, "record is null")), "encoder result");
  }

  /** The record of a canonical tree. */
  public T decode(CanonicalValue value) {
    return requireNonNull(decoder.apply(requireNonNull(value, "value is null")), "decoder result");
  }
}
