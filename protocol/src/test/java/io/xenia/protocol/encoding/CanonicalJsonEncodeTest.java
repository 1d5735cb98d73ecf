package io.xenia.protocol.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalJsonEncodeTest {

  @Test
  void sortsKeysByUtf16CodeUnits() {
    // The key set of RFC 8785 §3.2.3: U+1F600 (a surrogate pair starting 0xD83D) sorts before
    // U+FB33, unlike in code-point order.
    CanonicalObject object =
        CanonicalObject.builder()
            .put("\u20ac", "Euro Sign")
            .put("\r", "Carriage Return")
            .put("\ufb33", "Hebrew Letter Dalet With Dagesh")
            .put("1", "One")
            .put("\ud83d\ude00", "Emoji: Grinning Face")
            .put("\u0080", "Control")
            .put("\u00f6", "Latin Small Letter O With Diaeresis")
            .build();
    assertEquals(
        List.of("\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"),
        List.copyOf(object.members().keySet()));
    assertEquals(
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
            + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
            + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
            + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
        CanonicalJson.encodeToString(object));
  }

  @Test
  void escapesOnlyWhatJcsEscapes() {
    String all = "\" \\ \b \f \n \r \t \u0000 \u001f / \u007f \u2028 \u00e9 \ud83d\ude00";
    assertEquals(
        "\"\\\" \\\\ \\b \\f \\n \\r \\t \\u0000 \\u001f / \u007f \u2028 \u00e9 \ud83d\ude00\"",
        CanonicalJson.encodeToString(CanonicalValue.of(all)));
    assertEquals("\"\\u000b\"", CanonicalJson.encodeToString(CanonicalValue.of("\u000b")));
  }

  @Test
  void encodesNonAsciiAsUtf8() {
    assertArrayEquals(
        new byte[] {
          '"', (byte) 0xc3, (byte) 0xa9, (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, '"'
        },
        CanonicalJson.encode(CanonicalValue.of("\u00e9\ud83d\ude00")));
  }

  @Test
  void encodesIntegersAndBooleans() {
    CanonicalArray array =
        CanonicalArray.of(
            CanonicalValue.of(0),
            CanonicalValue.of(-1),
            CanonicalValue.of(CanonicalInteger.MAX_SAFE),
            CanonicalValue.of(-CanonicalInteger.MAX_SAFE),
            CanonicalValue.of(true),
            CanonicalValue.of(false));
    assertEquals(
        "[0,-1,9007199254740991,-9007199254740991,true,false]",
        CanonicalJson.encodeToString(array));
  }

  @Test
  void encodesNestedAndEmptyContainers() {
    CanonicalObject object =
        CanonicalObject.builder()
            .put("b", CanonicalArray.of())
            .put("a", CanonicalObject.builder().build())
            .put("c", CanonicalArray.of(CanonicalObject.builder().put("z", 1).put("y", 2).build()))
            .build();
    assertEquals(
        "{\"a\":{},\"b\":[],\"c\":[{\"y\":2,\"z\":1}]}", CanonicalJson.encodeToString(object));
    assertArrayEquals(
        CanonicalJson.encodeToString(object).getBytes(UTF_8), CanonicalJson.encode(object));
  }

  @Test
  void refusesValuesOutsideTheSubset() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalValue.of(1L << 53));
    assertThrows(IllegalArgumentException.class, () -> CanonicalValue.of(Long.MIN_VALUE));
    assertThrows(IllegalArgumentException.class, () -> CanonicalValue.of("\ud800"));
    assertThrows(IllegalArgumentException.class, () -> CanonicalValue.of("a\udc00b"));
    assertThrows(IllegalArgumentException.class, () -> CanonicalValue.of("\ude00\ud83d"));
    TreeMap<String, CanonicalValue> badKey = new TreeMap<>();
    badKey.put("\ud800", CanonicalValue.of(1));
    assertThrows(IllegalArgumentException.class, () -> new CanonicalObject(badKey));
    assertThrows(
        IllegalArgumentException.class, () -> CanonicalObject.builder().put("a", 1).put("a", 2));
    assertThrows(NullPointerException.class, () -> CanonicalValue.of((String) null));
    assertThrows(NullPointerException.class, () -> CanonicalJson.encode(null));
  }

  @Test
  void valuesAreImmutableAndCompareByContent() {
    TreeMap<String, CanonicalValue> members = new TreeMap<>();
    members.put("a", CanonicalValue.of(1));
    CanonicalObject object = new CanonicalObject(members);
    members.put("b", CanonicalValue.of(2));
    assertEquals(1, object.members().size());
    assertThrows(
        UnsupportedOperationException.class, () -> object.members().put("c", CanonicalValue.of(3)));
    assertEquals(object, CanonicalObject.builder().put("a", 1).build());
  }
}
