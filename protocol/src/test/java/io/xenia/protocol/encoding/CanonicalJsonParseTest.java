package io.xenia.protocol.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonParseTest {

  @Test
  void parsesAnyLayoutIntoTheSameTree() {
    CanonicalValue loose =
        parse(" {\n \"b\" : [ 1 , -2 , true ] ,\t\"a\":\"\\u00e9\\/\\u001F\" }\r\n");
    assertEquals(
        "{\"a\":\"\u00e9/\\u001f\",\"b\":[1,-2,true]}", CanonicalJson.encodeToString(loose));
  }

  @Test
  void parsesSurrogatePairEscapes() {
    assertEquals(CanonicalValue.of("\ud83d\ude00"), parse("\"\\ud83d\\uDE00\""));
  }

  @Test
  void roundTripsCanonicalText() {
    String text =
        "{\"\":[],\"a\":{\"b\":[{\"c\":-9007199254740991}]},\"e\\\"\":\"\\\\\\b\\f\\n\\r\\t\\u0000\","
            + "\"k\u00e9\":false,\"z\":\"\ud83d\ude00 \u2028\"}";
    CanonicalValue value = CanonicalJson.parseCanonical(text.getBytes(UTF_8));
    assertEquals(text, CanonicalJson.encodeToString(value));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          null                     | null is not allowed
          {"a":null}               | null is not allowed
          1.0                      | only integers
          1e3                      | only integers
          -1E3                     | only integers
          01                       | leading zeros
          -01                      | leading zeros
          -                        | expected a digit
          9007199254740992         | outside
          -9007199254740992        | outside
          99999999999999999999     | outside
          {"a":1,"a":2}            | duplicate key "a"
          {"\\u0061":1,"a":2}      | duplicate key "a"
          [1] [2]                  | trailing data
          {} x                     | trailing data
          {"a":1,}                 | expected a string key
          [1,]                     | expected a value
          [1 2]                    | expected ',' or ']'
          {"a" 1}                  | expected ':'
          {a:1}                    | expected a string key
          'a'                      | unexpected '''
          "abc                     | unterminated string
          "\\x"                    | invalid escape
          "\\u12zz"                | invalid hex digit
          "\\u12"                  | truncated
          "\\ud800"                | unpaired surrogate
          "\\udc00\\ud800"         | unpaired surrogate
          tru                      | expected true
          True                     | unexpected 'T'
          NaN                      | unexpected 'N'
          """)
  void refusesInvalidInput(String json, String expectedProblem) {
    CanonicalJsonException e = assertThrows(CanonicalJsonException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(expectedProblem), e.getMessage());
  }

  @Test
  void refusesEmptyInput() {
    assertTrue(
        assertThrows(CanonicalJsonException.class, () -> parse(" "))
            .getMessage()
            .contains("unexpected end of input"));
  }

  @Test
  void refusesRawControlCharactersAndBadUtf8() {
    assertProblem(new byte[] {'"', 0x01, '"'}, "control character");
    assertProblem(new byte[] {'"', '\n', '"'}, "control character");
    assertProblem(new byte[] {'"', (byte) 0xc3, '"'}, "invalid UTF-8");
    // Overlong "/" and a UTF-8-encoded surrogate (CESU-8) are both invalid UTF-8.
    assertProblem(new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'}, "invalid UTF-8");
    assertProblem(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, "invalid UTF-8");
    assertProblem(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '1'}, "byte 0xef");
    assertProblem(new byte[] {'[', 0x0c, ']'}, "byte 0x0c");
  }

  @Test
  void limitsDepth() {
    String ok = "[".repeat(64) + "]".repeat(64);
    parse(ok);
    String tooDeep = "[".repeat(65) + "]".repeat(65);
    assertTrue(
        assertThrows(CanonicalJsonException.class, () -> parse(tooDeep))
            .getMessage()
            .contains("deeper than 64"));
    String objects = "{\"a\":".repeat(65) + "1" + "}".repeat(65);
    assertThrows(CanonicalJsonException.class, () -> parse(objects));
    // Far deeper input must fail cleanly, not with a StackOverflowError.
    assertThrows(CanonicalJsonException.class, () -> parse("[".repeat(1_000_000)));
  }

  @Test
  void limitsSize() {
    byte[] big = ("\"" + "a".repeat(100) + "\"").getBytes(UTF_8);
    assertEquals(CanonicalValue.of("a".repeat(100)), CanonicalJson.parse(big, true, 102));
    CanonicalJsonException e =
        assertThrows(CanonicalJsonException.class, () -> CanonicalJson.parse(big, true, 101));
    assertTrue(e.getMessage().contains("exceeds the limit of 101"), e.getMessage());
    byte[] tooBig = new byte[CanonicalJson.DEFAULT_MAX_BYTES + 1];
    assertThrows(CanonicalJsonException.class, () -> CanonicalJson.parse(tooBig));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " {}",
        "{} ",
        "{\"b\":1,\"a\":2}",
        "{\"a\": 1}",
        "[1, 2]",
        "\"\\/\"",
        "\"\\u0041\"",
        "\"\\u00E9\"",
        "\"\\u001F\"",
        "\"\\u007f\"",
        "-0",
        "\"\\u000a\"",
      })
  void parseCanonicalRefusesOtherLayouts(String json) {
    CanonicalJson.parse(json.getBytes(UTF_8));
    CanonicalJsonException e =
        assertThrows(
            CanonicalJsonException.class, () -> CanonicalJson.parseCanonical(json.getBytes(UTF_8)));
    assertTrue(e.getMessage().contains("not in canonical form"), e.getMessage());
  }

  @Test
  void reportsTheOffsetOfTheProblem() {
    CanonicalJsonException e = assertThrows(CanonicalJsonException.class, () -> parse("[1,2,x]"));
    assertEquals(5, e.offset());
    e =
        assertThrows(
            CanonicalJsonException.class,
            () -> CanonicalJson.parseCanonical("{\"a\":1 }".getBytes(UTF_8)));
    assertEquals(6, e.offset());
  }

  private static CanonicalValue parse(String json) {
    return CanonicalJson.parse(json.getBytes(UTF_8));
  }

  private static void assertProblem(byte[] json, String problem) {
    CanonicalJsonException e =
        assertThrows(CanonicalJsonException.class, () -> CanonicalJson.parse(json));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }
}
