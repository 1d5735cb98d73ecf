package io.xenia.dht.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-written scanner and parser for query text. One instance parses one string; every error is a
 * {@link QuerySyntaxException} at the first bad token, so users fix one thing at a time.
 */
final class Parser {
  private static final Pattern NUMBER = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([A-Za-z]*)");

  /** A value token before it is interpreted against its attribute. */
  private record Raw(String text, boolean quoted, int start, int end) {
    int length() {
      return end - start;
    }

    boolean isWildcard() {
      return !quoted && text.indexOf('*') >= 0;
    }
  }

  private final String src;
  private final Vocabulary vocabulary;
  private int pos;

  Parser(String src) {
    this(src, Vocabulary.OFFERS);
  }

  Parser(String src, Vocabulary vocabulary) {
    this.src = src;
    this.vocabulary = vocabulary;
  }

  /** The whole query; throws on an empty query. */
  Query query() {
    List<Predicate> predicates = new ArrayList<>();
    List<ProximityTerm> proximity = new ArrayList<>();
    skipSpace();
    if (pos == src.length()) {
      throw error(pos, 1, "expected a predicate such as cpu>=4");
    }
    while (pos < src.length()) {
      int nameStart = pos;
      if (!isNameStart(peek())) {
        throw error(pos, tokenLength(pos), "expected an attribute name");
      }
      while (pos < src.length() && isNameChar(src.charAt(pos))) {
        pos++;
      }
      String name = src.substring(nameStart, pos);
      if (!vocabulary.hasProximity()) {
        predicates.add(predicate(nameStart, name));
      } else if (name.equals("near") && peek() == '=') {
        pos++;
        proximity.add(new Near(hostId("after 'near='")));
        expectSeparator("after the host id");
      } else if (name.equals("rtt") && peek() == '(') {
        proximity.add(rtt());
      } else {
        predicates.add(predicate(nameStart, name));
      }
      skipSpace();
    }
    return new Query(predicates, proximity);
  }

  /** {@code rtt(<hostId>,...)<=20ms} after the name; the limit in ms or s. */
  private RttWithin rtt() {
    pos++; // '('
    List<String> hosts = new ArrayList<>();
    while (true) {
      skipSpace();
      hosts.add(hostId("in rtt(...)"));
      skipSpace();
      char c = peek();
      if (c == ')') {
        pos++;
        break;
      }
      if (c != ',') {
        throw error(pos, 1, "expected ',' or ')' in rtt(...)");
      }
      pos++;
    }
    int opStart = pos;
    Op op = symbolicOp();
    if (op != Op.LE && op != Op.LT) {
      throw error(opStart, Math.max(1, pos - opStart), "rtt(...) takes < or <= and a duration");
    }
    Raw raw = rawValue("after '" + op.symbol() + "'");
    Matcher m = NUMBER.matcher(raw.text());
    if (raw.quoted() || !m.matches()) {
      throw error(raw, "expected a duration such as 20ms");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2);
    if (unit.equals("s")) {
      amount = amount.multiply(BigDecimal.valueOf(1000));
    } else if (!unit.equals("ms")) {
      throw error(
          raw.start() + m.end(1), Math.max(1, unit.length()), "rtt limits need a unit: ms or s");
    }
    expectSeparator("after the duration");
    return new RttWithin(hosts, op == Op.LT, amount);
  }

  /** A host id (64 lowercase hex digits) at {@code pos}. */
  private String hostId(String where) {
    int start = pos;
    while (pos < src.length() && isBareChar(src.charAt(pos))) {
      pos++;
    }
    String id = src.substring(start, pos);
    if (!ProximityTerm.HOST_ID.matcher(id).matches()) {
      throw error(
          start,
          id.isEmpty() ? tokenLength(start) : id.length(),
          "expected a host id (64 lowercase hex digits) " + where);
    }
    return id;
  }

  private Predicate predicate(int nameStart, String name) {
    Attribute attribute =
        Attribute.byId(name, vocabulary)
            .orElseThrow(
                () ->
                    error(
                        nameStart,
                        name.length(),
                        "unknown attribute '"
                            + name
                            + "' (known: "
                            + Attribute.ids(vocabulary)
                            + ")"));
    int opStart = pos;
    Op op = symbolicOp();
    if (op != null) {
      Raw raw = rawValue("after '" + src.substring(nameStart, pos) + "'");
      expectSeparator("after the value");
      return single(attribute, op, opStart, raw);
    }
    skipSpace();
    if (pos > opStart && src.startsWith("in", pos) && !isNameChar(charAt(pos + 2))) {
      pos += 2;
      return oneOf(attribute);
    }
    throw error(opStart, 1, "expected an operator after '" + name + "'");
  }

  private Predicate single(Attribute attribute, Op op, int opStart, Raw raw) {
    if (raw.isWildcard()) {
      if (op.isOrdering()) {
        throw error(raw, "wildcard '*' is only allowed with = or !=, not " + op.symbol());
      }
      if (!attribute.allowsGlobs()) {
        throw error(raw, "'" + attribute.id() + "' does not allow wildcards");
      }
      return new Matches(attribute, raw.text(), op == Op.NE);
    }
    if (op.isOrdering() && !attribute.isNumeric()) {
      throw error(
          opStart,
          op.symbol().length(),
          "operator '" + op.symbol() + "' needs a number; '" + attribute.id() + "' is a word");
    }
    return new Compare(attribute, op, value(attribute, raw));
  }

  private Predicate oneOf(Attribute attribute) {
    skipSpace();
    if (peek() != '(') {
      throw error(pos, tokenLength(pos), "expected '(' after 'in'");
    }
    int open = pos++;
    skipSpace();
    if (peek() == ')') {
      throw error(open, pos + 1 - open, "empty in-list for '" + attribute.id() + "'");
    }
    List<Value> values = new ArrayList<>();
    while (true) {
      skipSpace();
      Raw raw = rawValue("in the in-list");
      if (raw.isWildcard()) {
        throw error(raw, "wildcard '*' is not allowed in an in-list");
      }
      values.add(value(attribute, raw));
      skipSpace();
      char c = peek();
      pos++;
      if (c == ')') {
        break;
      }
      if (c != ',') {
        pos--;
        throw error(pos, 1, "expected ',' or ')' in the in-list");
      }
    }
    expectSeparator("after ')'");
    return new OneOf(attribute, values);
  }

  private Value value(Attribute attribute, Raw raw) {
    if (!attribute.isNumeric()) {
      return new Value.Word(raw.text());
    }
    String id = attribute.id();
    if (raw.quoted()) {
      throw error(raw, "'" + id + "' takes a number, not a quoted string");
    }
    Matcher m = NUMBER.matcher(raw.text());
    if (!m.matches()) {
      throw error(raw, "expected a number for '" + id + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2);
    if (!unit.isEmpty()) {
      BigDecimal factor = attribute.units().get(unit);
      if (factor == null) {
        String detail =
            attribute.units().isEmpty()
                ? "'" + id + "' takes no unit, found '" + unit + "'"
                : "unit '"
                    + unit
                    + "' does not fit '"
                    + id
                    + "' (use one of "
                    + String.join(", ", attribute.units().keySet())
                    + ")";
        throw error(raw.start() + m.end(1), unit.length(), detail);
      }
      amount = amount.multiply(factor);
    }
    if (attribute.isIntegral() && amount.stripTrailingZeros().scale() > 0) {
      throw error(raw, "'" + id + "' takes a whole number");
    }
    return new Value.Num(amount);
  }

  /** Reads a quoted string or a bare word at {@code pos}; {@code where} completes the error. */
  private Raw rawValue(String where) {
    int start = pos;
    if (peek() == '"') {
      StringBuilder text = new StringBuilder();
      pos++;
      while (true) {
        if (pos >= src.length()) {
          throw error(start, src.length() - start, "unterminated quote");
        }
        char c = src.charAt(pos++);
        if (c == '"') {
          return new Raw(text.toString(), true, start, pos);
        }
        if (c == '\\') {
          char escaped = charAt(pos);
          if (escaped != '"' && escaped != '\\') {
            if (pos >= src.length()) {
              throw error(start, src.length() - start, "unterminated quote");
            }
            throw error(pos - 1, 2, "unknown escape; only \\\" and \\\\ are allowed");
          }
          pos++;
          c = escaped;
        }
        text.append(c);
      }
    }
    while (pos < src.length() && isBareChar(src.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw error(start, 1, "expected a value " + where);
    }
    return new Raw(src.substring(start, pos), false, start, pos);
  }

  private Op symbolicOp() {
    char c = peek();
    boolean eq = charAt(pos + 1) == '=';
    Op op =
        switch (c) {
          case '=' -> Op.EQ;
          case '!' -> eq ? Op.NE : null;
          case '<' -> eq ? Op.LE : Op.LT;
          case '>' -> eq ? Op.GE : Op.GT;
          default -> null;
        };
    if (op != null) {
      pos += op.symbol().length();
    }
    return op;
  }

  private void expectSeparator(String where) {
    if (pos < src.length() && !isSpace(src.charAt(pos))) {
      throw error(pos, 1, "unexpected '" + src.charAt(pos) + "' " + where);
    }
  }

  private void skipSpace() {
    while (pos < src.length() && isSpace(src.charAt(pos))) {
      pos++;
    }
  }

  /** The character at {@code i}, or NUL past the end (NUL is never valid query text). */
  private char charAt(int i) {
    return i < src.length() ? src.charAt(i) : '\0';
  }

  private char peek() {
    return charAt(pos);
  }

  /** Length of the run of non-space characters at {@code from}, at least 1. */
  private int tokenLength(int from) {
    int end = from;
    while (end < src.length() && !isSpace(src.charAt(end))) {
      end++;
    }
    return Math.max(1, end - from);
  }

  private QuerySyntaxException error(int offset, int length, String detail) {
    return new QuerySyntaxException(src, offset, length, detail);
  }

  private QuerySyntaxException error(Raw raw, String detail) {
    return error(raw.start(), raw.length(), detail);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isNameStart(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  }

  /**
   * Characters of an unquoted value; must agree with {@link Value.Word}'s bare pattern plus '*'.
   */
  private static boolean isBareChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "_.:/+*-".indexOf(c) >= 0;
  }
}
