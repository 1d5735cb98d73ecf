package io.xenia.protocol.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Xenia's canonical JSON: RFC 8785 (JSON Canonicalization Scheme) restricted to a subset in which
 * every value has exactly one encoding, so that the bytes of a signed record can be recomputed from
 * its content.
 *
 * <ul>
 *   <li>Objects: keys sorted by UTF-16 code units, no duplicates, no whitespace anywhere.
 *   <li>Strings: UTF-8; only {@code \" \\ \b \f \n \r \t} and lowercase <code>&#92;u00xx</code> for
 *       the other controls below U+0020 are escaped; everything else, including {@code /}, DEL and
 *       non-ASCII, is literal.
 *   <li>Integers only, within ±(2^53 − 1), in plain decimal; no fractions or exponents.
 *   <li>Booleans. No null: an absent optional field is omitted.
 *   <li>Conventions above JSON: money is a decimal string, bytes are unpadded base64url ({@link
 *       Base64Url}), instants are {@code 2026-11-22T03:50:00.000Z} ({@link CanonicalInstants}).
 * </ul>
 *
 * <p>The parser is strict: it refuses duplicate keys, nulls, floats, leading zeros, invalid UTF-8,
 * unpaired surrogates, trailing data, nesting deeper than {@value #MAX_DEPTH} and inputs over the
 * size limit. {@link #parse} accepts any JSON layout of a valid value; {@link #parseCanonical} also
 * demands the exact canonical bytes.
 */
public final class CanonicalJson {
  /** Maximum nesting of objects and arrays; a top-level object is depth 1. */
  public static final int MAX_DEPTH = 64;

  /** Default maximum input size, 1 MiB: far above any record, small enough to parse safely. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of the value. */
  public static byte[] encode(CanonicalValue value) {
    return encodeToString(value).getBytes(UTF_8);
  }

  /** The canonical text of the value (its UTF-8 encoding is {@link #encode}). */
  public static String encodeToString(CanonicalValue value) {
    requireNonNull(value, "value is null");
    StringBuilder out = new StringBuilder();
    CanonicalEncoder.encode(value, out);
    return out.toString();
  }

  /**
   * Parses JSON in any layout into a value tree, with the default size limit.
   *
   * @throws CanonicalJsonException if the input is not valid JSON of the allowed subset
   */
  public static CanonicalValue parse(byte[] json) {
    return parse(json, false, DEFAULT_MAX_BYTES);
  }

  /**
   * Parses input that must be exactly the canonical encoding of its value, with the default size
   * limit. Use this for bytes that are (or will be) signed.
   *
   * @throws CanonicalJsonException if the input is invalid or not in canonical form
   */
  public static CanonicalValue parseCanonical(byte[] json) {
    return parse(json, true, DEFAULT_MAX_BYTES);
  }

  /**
   * Parses with explicit options.
   *
   * @param json UTF-8 input
   * @param requireCanonical also demand that the input equals the canonical encoding of the result
   * @param maxBytes largest accepted input
   * @throws CanonicalJsonException if the input is too large, invalid, or (when required) not
   *     canonical
   */
  public static CanonicalValue parse(byte[] json, boolean requireCanonical, int maxBytes) {
    requireNonNull(json, "json is null");
    if (json.length > maxBytes) {
      throw new CanonicalJsonException(
          maxBytes, "input of " + json.length + " bytes exceeds the limit of " + maxBytes);
    }
    CanonicalValue value = new CanonicalParser(json, MAX_DEPTH).parseDocument();
    if (requireCanonical) {
      byte[] canonical = encode(value);
      int diff = firstDifference(json, canonical);
      if (diff >= 0) {
        throw new CanonicalJsonException(diff, "not in canonical form");
      }
    }
    return value;
  }

  private static int firstDifference(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return a.length == b.length ? -1 : n;
  }
}
