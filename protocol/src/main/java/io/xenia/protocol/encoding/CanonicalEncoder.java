package io.xenia.protocol.encoding;

import java.util.Map;

/** Serializes a value tree per RFC 8785, restricted to Xenia's subset. */
final class CanonicalEncoder {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalEncoder() {}

  static void encode(CanonicalValue value, StringBuilder out) {
    // Java 17 has no pattern switch; the interface is sealed, so this chain is exhaustive.
    if (value instanceof CanonicalObject o) {
      encodeObject(o, out);
    } else if (value instanceof CanonicalArray a) {
      encodeArray(a, out);
    } else if (value instanceof CanonicalString s) {
      encodeString(s.value(), out);
    } else if (value instanceof CanonicalInteger i) {
      // Within ±(2^53 - 1) the ECMAScript serialization of an integer-valued number is its
      // plain decimal form, exactly what Long.toString gives.
      out.append(i.value());
    } else if (value instanceof CanonicalBoolean b) {
      out.append(b.value());
    } else {
      throw new AssertionError("unknown canonical value " + value.getClass());
    }
  }

  private static void encodeObject(CanonicalObject object, StringBuilder out) {
    out.append('{');
    boolean first = true;
    // The map is sorted by UTF-16 code units, the order RFC 8785 §3.2.3 requires.
    for (Map.Entry<String, CanonicalValue> member : object.members().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      encodeString(member.getKey(), out);
      out.append(':');
      encode(member.getValue(), out);
    }
    out.append('}');
  }

  private static void encodeArray(CanonicalArray array, StringBuilder out) {
    out.append('[');
    boolean first = true;
    for (CanonicalValue element : array.elements()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      encode(element, out);
    }
    out.append(']');
  }

  /**
   * RFC 8785 §3.2.2.2: the short escapes, backslash-u00xx for other controls, everything else
   * literal.
   */
  static void encodeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
