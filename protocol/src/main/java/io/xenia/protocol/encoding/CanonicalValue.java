package io.xenia.protocol.encoding;

/**
 * A value of Xenia's canonical JSON subset (see {@link CanonicalJson}): an object, array, string,
 * integer or boolean. There is deliberately no null and no floating-point number: an absent
 * optional field is omitted, money is a decimal string, and that leaves exactly one encoding for
 * every value.
 *
 * <p>Values are immutable and compare by content; {@link CanonicalJson#encode} maps equal values to
 * equal bytes.
 */
public sealed interface CanonicalValue
    permits CanonicalObject, CanonicalArray, CanonicalString, CanonicalInteger, CanonicalBoolean {

  /** A short lowercase name of the kind of value, for error messages: "object", "string", .... */
  String kind();

  /** A string value. */
  static CanonicalString of(String value) {
    return new CanonicalString(value);
  }

  /** An integer value, within the range documented on {@link CanonicalInteger}. */
  static CanonicalInteger of(long value) {
    return new CanonicalInteger(value);
  }

  /** A boolean value. */
  static CanonicalBoolean of(boolean value) {
    return CanonicalBoolean.of(value);
  }
}
