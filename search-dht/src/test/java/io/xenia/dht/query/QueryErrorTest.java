package io.xenia.dht.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryErrorTest {
  private static QuerySyntaxException fail(String text, int offset, int length) {
    QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> Query.parse(text));
    assertEquals(offset, e.offset(), e.getMessage());
    assertEquals(length, e.length(), e.getMessage());
    assertEquals(text, e.query());
    return e;
  }

  @Test
  void missingOperatorPointsRightAfterTheName() {
    QuerySyntaxException e = fail("cpu 16", 3, 1);
    assertEquals("expected an operator after 'cpu' at 3", e.getMessage());
    fail("cpu", 3, 1);
    fail("mem>=1GiB cpu", 13, 1);
  }

  @Test
  void unknownAttributePointsAtTheName() {
    QuerySyntaxException e = fail("cpu>=2 ram>=4GiB", 7, 3);
    assertTrue(e.getMessage().startsWith("unknown attribute 'ram'"), e.getMessage());
    assertEquals("cpu>=2 ram>=4GiB\n       ^^^", e.caret());
    fail("Cpu>=2", 0, 6);
  }

  @Test
  void badUnitPointsAtTheUnit() {
    QuerySyntaxException e = fail("net>=10GB", 7, 2);
    assertTrue(e.getMessage().contains("does not fit 'net'"), e.getMessage());
    fail("mem>=64Gb", 7, 2);
    fail("cpu>=4GiB", 6, 3);
    fail("price<=1EUR", 8, 3);
    fail("mem>=GiB", 5, 3);
  }

  @Test
  void unterminatedQuoteSpansToTheEnd() {
    QuerySyntaxException e = fail("cpu=2 image=\"ubuntu 24", 12, 10);
    assertTrue(e.getMessage().startsWith("unterminated quote"), e.getMessage());
    fail("image=\"x\\", 6, 3);
    fail("image=\"a\\nb\"", 8, 2);
  }

  @Test
  void emptyInListPointsAtTheParentheses() {
    QuerySyntaxException e = fail("gpu.count in ( )", 13, 3);
    assertTrue(e.getMessage().startsWith("empty in-list"), e.getMessage());
    fail("gpu.count in ()", 13, 2);
    fail("gpu.count in (2,)", 16, 1);
    fail("gpu.count in (2 4)", 16, 1);
    fail("gpu.count in (2", 15, 1);
    fail("gpu.count in 2", 13, 1);
  }

  @Test
  void wildcardsOnlyWithEqualityOnGlobAttributes() {
    QuerySyntaxException e = fail("region<eu-*", 7, 4);
    assertTrue(e.getMessage().contains("only allowed with = or !="), e.getMessage());
    fail("price<=0.8*", 7, 4);
    fail("tee=sev-*", 4, 5);
    fail("region in (eu-*,us)", 11, 4);
  }

  @Test
  void otherErrors() {
    fail("region<eu", 6, 1);
    fail("cpu>=", 5, 1);
    fail("cpu>= 4", 5, 1);
    fail("cpu==4", 4, 1);
    fail("cpu!4", 3, 1);
    fail("cpu>=4,mem>=1", 6, 1);
    fail("cpu=abc", 4, 3);
    fail("cpu=\"4\"", 4, 3);
    fail("image=\"a\"b", 9, 1);
    fail("gpu.count in (2)x", 16, 1);
    fail("region=eu$", 9, 1);
  }

  @Test
  void caretUnderlinesTheEndOfInput() {
    QuerySyntaxException e = fail("cpu", 3, 1);
    assertEquals("cpu\n   ^", e.caret());
  }
}
