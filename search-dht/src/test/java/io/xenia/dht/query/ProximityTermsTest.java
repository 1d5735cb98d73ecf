package io.xenia.dht.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProximityTermsTest {
  private static final String A = "a".repeat(64);
  private static final String B = "0123456789abcdef".repeat(4);

  @Test
  void nearAndRttParseBesideAttributePredicates() {
    Query q = Query.parse("cpu>=4 near=" + A + " rtt(" + A + ", " + B + ")<=20ms");
    assertEquals(1, q.predicates().size());
    assertEquals(
        List.of(new Near(A), new RttWithin(List.of(A, B), false, BigDecimal.valueOf(20))),
        q.proximity());
  }

  @Test
  void theCanonicalFormRoundTrips() {
    Query q = Query.parse("rtt(" + B + ")<0.5s   near=" + A + " mem>=1GiB");
    assertEquals("mem>=1GiB rtt(" + B + ")<500ms near=" + A, q.toString());
    assertEquals(q, Query.parse(q.toString()));
    Query only = Query.parse("near=" + A);
    assertEquals(only, Query.parse(only.toString()));
  }

  @Test
  void limitsAreInclusiveOrStrictAsWritten() {
    RttWithin le = (RttWithin) Query.parse("rtt(" + A + ")<=20ms").proximity().get(0);
    RttWithin lt = (RttWithin) Query.parse("rtt(" + A + ")<20ms").proximity().get(0);
    assertTrue(le.accepts(20.0));
    assertFalse(lt.accepts(20.0));
    assertTrue(lt.accepts(19.999));
  }

  @Test
  void attributeMatchingIgnoresProximity() {
    assertTrue(Query.parse("cpu>=4 near=" + A).matches(Map.of("cpu", 8)));
  }

  @Test
  void errorsPointAtTheBadToken() {
    assertError("near=xyz cpu>=1", 5, 3);
    assertError("rtt(" + A + ";" + B + ")<=20ms", 68, 1);
    assertError("rtt(" + A + ")>=20ms", 69, 2);
    assertError("rtt(" + A + ")<=20", 73, 1);
    assertError("rtt(" + A + ")<=20mb", 73, 2);
    assertError("near=" + A.toUpperCase(), 5, 64);
  }

  private static void assertError(String text, int offset, int length) {
    QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Query.parse(text));
    assertEquals(offset, e.offset(), e.getMessage() + "\n" + e.caret());
    assertEquals(length, e.length(), e.getMessage() + "\n" + e.caret());
  }
}
