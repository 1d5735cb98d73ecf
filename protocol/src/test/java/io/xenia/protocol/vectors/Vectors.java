package io.xenia.protocol.vectors;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.Fixtures;
import io.xenia.protocol.records.UsageRecord;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The definitions of the checked-in vectors under {@code src/test/resources/vectors}. */
final class Vectors {
  /** Type name for encoding vectors; not a real record type, so they can never pass as one. */
  static final String TEST_TYPE = "test-vector";

  static final Ed25519KeyPair TEST_KEY =
      Ed25519KeyPair.fromSeed(
          HexFormat.of()
              .parseHex("7465737420766563746f72207365656420666f722078656e69612070726f746f"));

  private Vectors() {}

  static List<Vector> all() {
    return List.of(
        new Vector(
            "advertisement",
            "An advertisement signed by its host.",
            Advertisement.TYPE.name(),
            Optional.empty(),
            Fixtures.advertisement().toCanonical(),
            List.of(Fixtures.HOST)),
        new Vector(
            "agreement",
            "An agreement signed by host and broker over the same bytes.",
            Agreement.TYPE.name(),
            Optional.empty(),
            Fixtures.agreement().toCanonical(),
            List.of(Fixtures.HOST, Fixtures.BROKER)),
        new Vector(
            "usage",
            "A usage record signed by its host.",
            UsageRecord.TYPE.name(),
            Optional.empty(),
            Fixtures.usage().toCanonical(),
            List.of(Fixtures.HOST)),
        encoding(
            "encoding-unicode",
            "Non-ASCII text is literal UTF-8 in canonical form; input uses \\u escapes and a"
                + " surrogate pair.",
            "{\"greek\": \"\\u03b1\\u03b2\\u03b3\", \"text\": \"h\\u00e9llo \\u20ac"
                + " \\ud83d\\ude00 \\u4e2d\\u6587\", \"rtl\": \"\\u05e9\\u05dc\\u05d5\\u05dd\"}"),
        encoding(
            "encoding-escapes",
            "Only \\\" \\\\ \\b \\f \\n \\r \\t and lowercase \\u00xx controls are escaped; '/',"
                + " DEL and U+2028 are literal.",
            "{\"s\": \"quote\\\" backslash\\\\ slash\\/ b\\u0008 f\\u000C n\\u000a r\\r"
                + " t\\t nul\\u0000 us\\u001F del\\u007f ls\\u2028\"}"),
        encoding(
            "encoding-key-order",
            "Keys sort by UTF-16 code units: U+1F600 (surrogates D83D DE00) sorts before"
                + " U+FB33; uppercase before lowercase; the empty key first.",
            "{\"\\ufb33\": 1, \"\\ud83d\\ude00\": 2, \"\\u20ac\": 3, \"\\u00f6\": 4,"
                + " \"\\u0080\": 5, \"b\": 6, \"a\": 7, \"B\": 8, \"1\": 9, \"\\r\": 10,"
                + " \"\": 11, \"aa\": 12}"),
        encoding(
            "encoding-integers",
            "Integers in plain decimal, including negatives and the ±(2^53 - 1) limits.",
            "{\"values\": [0, -0, 1, -1, -42, 1000000, 9007199254740991," + " -9007199254740991]}"),
        encoding(
            "encoding-nesting",
            "Nested and empty containers and booleans; whitespace removed.",
            "{ \"z\": { \"b\": [ ], \"a\": { } },\n \"a\": [ true, false, [ [ { \"x\": [ ] } ] ] ]"
                + " }"));
  }

  private static Vector encoding(String name, String description, String input) {
    CanonicalValue value = CanonicalJson.parse(input.getBytes(UTF_8));
    return new Vector(name, description, TEST_TYPE, Optional.of(input), value, List.of(TEST_KEY));
  }
}
