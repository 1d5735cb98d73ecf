package io.xenia.protocol.encoding;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A strict recursive-descent parser from UTF-8 bytes to a value tree. It accepts standard JSON
 * syntax (insignificant whitespace, every escape) but only Xenia's value subset; canonical form is
 * checked separately by {@link CanonicalJson#parseCanonical}. One instance parses one input.
 */
final class CanonicalParser {
  private final byte[] in;
  private final int maxDepth;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int pos;

  CanonicalParser(byte[] in, int maxDepth) {
    this.in = in;
    this.maxDepth = maxDepth;
  }

  CanonicalValue parseDocument() {
    skipWhitespace();
    CanonicalValue value = parseValue(0);
    skipWhitespace();
    if (pos != in.length) {
      throw fail("trailing data after the value");
    }
    return value;
  }

  private CanonicalValue parseValue(int depth) {
    if (pos >= in.length) {
      throw fail("unexpected end of input, expected a value");
    }
    byte b = in[pos];
    return switch (b) {
      case '{' -> parseObject(depth + 1);
      case '[' -> parseArray(depth + 1);
      case '"' -> parseStringValue();
      case 't' -> literal("true", CanonicalBoolean.TRUE);
      case 'f' -> literal("false", CanonicalBoolean.FALSE);
      case 'n' -> throw fail("null is not allowed; omit an absent field instead");
      default -> {
        if (b == '-' || (b >= '0' && b <= '9')) {
          yield parseInteger();
        }
        throw fail("unexpected " + describe(b) + ", expected a value");
      }
    };
  }

  private CanonicalObject parseObject(int depth) {
    checkDepth(depth);
    pos++; // '{'
    TreeMap<String, CanonicalValue> members = new TreeMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return new CanonicalObject(members);
    }
    while (true) {
      if (peek() != '"') {
        throw fail("expected a string key");
      }
      int keyOffset = pos;
      String key = parseString();
      if (members.containsKey(key)) {
        throw new CanonicalJsonException(keyOffset, "duplicate key \"" + key + "\"");
      }
      skipWhitespace();
      expect(':');
      skipWhitespace();
      members.put(key, parseValue(depth));
      skipWhitespace();
      if (peek() == ',') {
        pos++;
        skipWhitespace();
      } else if (peek() == '}') {
        pos++;
        return new CanonicalObject(members);
      } else {
        throw fail("expected ',' or '}' in object");
      }
    }
  }

  private CanonicalArray parseArray(int depth) {
    checkDepth(depth);
    pos++; // '['
    List<CanonicalValue> elements = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return new CanonicalArray(elements);
    }
    while (true) {
      elements.add(parseValue(depth));
      skipWhitespace();
      if (peek() == ',') {
        pos++;
        skipWhitespace();
      } else if (peek() == ']') {
        pos++;
        return new CanonicalArray(elements);
      } else {
        throw fail("expected ',' or ']' in array");
      }
    }
  }

  private CanonicalInteger parseInteger() {
    int start = pos;
    if (in[pos] == '-') {
      pos++;
    }
    int digitsStart = pos;
    while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
    int digits = pos - digitsStart;
    if (digits == 0) {
      throw fail("expected a digit");
    }
    if (pos < in.length && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E')) {
      throw new CanonicalJsonException(
          start, "only integers are allowed, not fractions or exponents");
    }
    if (digits > 1 && in[digitsStart] == '0') {
      throw new CanonicalJsonException(start, "leading zeros are not allowed in numbers");
    }
    // 2^53 - 1 has 16 digits; anything longer is out of range and might overflow a long.
    String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
    if (digits > 16) {
      throw new CanonicalJsonException(start, "integer " + text + " is outside ±(2^53 - 1)");
    }
    try {
      return new CanonicalInteger(Long.parseLong(text));
    } catch (IllegalArgumentException e) {
      throw new CanonicalJsonException(start, e.getMessage());
    }
  }

  private CanonicalString parseStringValue() {
    int start = pos;
    String s = parseString();
    try {
      return new CanonicalString(s);
    } catch (IllegalArgumentException e) {
      throw new CanonicalJsonException(start, e.getMessage());
    }
  }

  /** Parses a string token into text; surrogate pairing is checked by the caller. */
  private String parseString() {
    int start = pos;
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    int segment = pos;
    while (true) {
      if (pos >= in.length) {
        throw new CanonicalJsonException(start, "unterminated string");
      }
      int b = in[pos] & 0xff;
      if (b == '"') {
        decodeSegment(segment, pos, out);
        pos++;
        String s = out.toString();
        if (CanonicalString.firstUnpairedSurrogate(s) >= 0) {
          throw new CanonicalJsonException(start, "string has an unpaired surrogate escape");
        }
        return s;
      } else if (b == '\\') {
        decodeSegment(segment, pos, out);
        parseEscape(out);
        segment = pos;
      } else if (b < 0x20) {
        throw fail("control character in string must be escaped");
      } else {
        pos++;
      }
    }
  }

  private void parseEscape(StringBuilder out) {
    pos++; // backslash
    if (pos >= in.length) {
      throw fail("unterminated escape");
    }
    byte e = in[pos++];
    switch (e) {
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> out.append(parseHex4());
      default -> {
        pos--;
        throw fail("invalid escape \\" + (char) (e & 0xff));
      }
    }
  }

  private char parseHex4() {
    if (pos + 4 > in.length) {
      throw fail("truncated \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(in[pos] & 0xff, 16);
      if (digit < 0 || (in[pos] & 0xff) > 'f') {
        throw fail("invalid hex digit in \\u escape");
      }
      value = value * 16 + digit;
      pos++;
    }
    return (char) value;
  }

  /** Appends the strictly decoded UTF-8 of in[from, to); overlong forms and CESU-8 are refused. */
  private void decodeSegment(int from, int to, StringBuilder out) {
    if (from == to) {
      return;
    }
    try {
      out.append(utf8.reset().decode(ByteBuffer.wrap(in, from, to - from)));
    } catch (CharacterCodingException e) {
      throw new CanonicalJsonException(from, "invalid UTF-8 in string");
    }
  }

  private CanonicalBoolean literal(String word, CanonicalBoolean value) {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
        throw fail("invalid literal, expected " + word);
      }
    }
    pos += word.length();
    return value;
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      throw fail("nesting deeper than " + maxDepth + " levels");
    }
  }

  private void skipWhitespace() {
    while (pos < in.length
        && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
      pos++;
    }
  }

  private int peek() {
    return pos < in.length ? in[pos] & 0xff : -1;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw fail("expected '" + c + "'");
    }
    pos++;
  }

  private CanonicalJsonException fail(String problem) {
    if (pos >= in.length && !problem.startsWith("unexpected end")) {
      return new CanonicalJsonException(pos, problem + ", but the input ended");
    }
    return new CanonicalJsonException(pos, problem);
  }

  private static String describe(byte b) {
    int u = b & 0xff;
    return u >= 0x21 && u < 0x7f ? "'" + (char) u + "'" : String.format("byte 0x%02x", u);
  }
}
