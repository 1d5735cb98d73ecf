package io.xenia.protocol.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FieldReaderTest {
  private static final CanonicalObject OBJECT =
      CanonicalObject.builder()
          .put("s", "text")
          .put("n", 42)
          .put("b", true)
          .put("t", Instant.parse("2026-11-22T03:50:00Z"))
          .putBytes("x", new byte[] {1, 2, 3})
          .putStringSet("set", Set.of("b", "a", "c"))
          .put("o", CanonicalObject.builder().put("inner", 1).build())
          .build();

  @Test
  void readsTypedFields() {
    FieldReader r = FieldReader.of(OBJECT, "thing");
    assertEquals("text", r.string("s"));
    assertEquals(42, r.integer("n", 0, 100));
    assertTrue(r.bool("b"));
    assertEquals(Instant.parse("2026-11-22T03:50:00Z"), r.instant("t"));
    assertArrayEquals(new byte[] {1, 2, 3}, r.bytes("x"));
    assertEquals(List.of("a", "b", "c"), List.copyOf(r.stringSet("set", Function.identity())));
    FieldReader inner = r.object("o");
    assertEquals(1, inner.integer("inner"));
    inner.finish();
    assertEquals(Optional.empty(), r.optionalString("missing"));
    r.finish();
  }

  @Test
  void errorsCarryThePath() {
    FieldReader r = FieldReader.of(OBJECT, "thing");
    assertEquals("thing.s: expected an integer, found string", message(() -> r.integer("s")));
    assertEquals("thing.n: expected a string, found integer", message(() -> r.string("n")));
    assertEquals("thing.n: 42 is outside 0..10", message(() -> r.integer("n", 0, 10)));
    assertEquals("thing.missing: is missing", message(() -> r.string("missing")));
    assertEquals(
        "thing.o.inner: expected a string, found integer",
        message(() -> r.object("o").string("inner")));
    assertTrue(message(() -> r.instant("s")).startsWith("thing.s: \"text\" is not a UTC instant"));
    assertTrue(message(() -> r.bytes("t")).startsWith("thing.t: not unpadded base64url"));
    assertEquals(
        "thing.set[1]: nope",
        message(
            () ->
                r.stringSet(
                    "set",
                    s -> {
                      if (s.equals("b")) {
                        throw new IllegalArgumentException("nope");
                      }
                      return s;
                    })));
    assertEquals(
        "x: expected an object, found integer",
        message(() -> FieldReader.of(CanonicalValue.of(1), "x")));
  }

  @Test
  void finishRefusesUnknownFields() {
    FieldReader r = FieldReader.of(OBJECT, "thing");
    r.string("s");
    r.optionalValue("n");
    assertEquals("thing: unknown field(s) [b, o, set, t, x]", message(r::finish));
  }

  @Test
  void setsMustBeSortedAndUnique() {
    for (String json : new String[] {"{\"s\":[\"b\",\"a\"]}", "{\"s\":[\"a\",\"a\"]}"}) {
      FieldReader r = FieldReader.of(CanonicalJson.parse(json.getBytes(UTF_8)), "r");
      assertTrue(
          message(() -> r.stringSet("s", Function.identity()))
              .contains("sorted and without duplicates"));
    }
  }

  private static String message(Runnable action) {
    return assertThrows(RecordFormatException.class, action::run).getMessage();
  }
}
