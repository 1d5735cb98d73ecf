package io.xenia.broker.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request rules of an offer search, without IO. */
class OfferQueryTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final String HOST = "ab".repeat(32);

  private static OfferQuery of(String q, String sort, Integer pageSize, String currency) {
    return OfferQuery.of(
        q,
        Optional.ofNullable(sort),
        Optional.empty(),
        Optional.ofNullable(pageSize),
        Optional.ofNullable(currency),
        false,
        EUR);
  }

  @Test
  void defaultsArePriceOrderTwentyPerPageAndThePlatformCurrency() {
    OfferQuery query = of("cpu>=2  region=eu-*", null, null, null);
    assertEquals(OfferSort.PRICE, query.sort());
    assertEquals(20, query.options().pageSize());
    assertEquals(EUR, query.currency());
    assertEquals("cpu>=2 region=eu-*", query.canonicalQuery());
    assertFalse(query.explain());
  }

  @Test
  void nearRanksByRttAndRttNeedsNear() {
    assertEquals(OfferSort.RTT, of("cpu>=2 near=" + HOST, null, null, null).sort());
    assertEquals(OfferSort.RTT, of("cpu>=2 near=" + HOST, "rtt", null, null).sort());
    assertField("sort", () -> of("cpu>=2", "rtt", null, null));
    assertField("sort", () -> of("cpu>=2 near=" + HOST, "price", null, null));
    assertField("sort", () -> of("cpu>=2", "fastest", null, null));
  }

  @Test
  void pageSizeAndCurrencyAreChecked() {
    assertEquals(100, of("cpu>=2", null, 100, "USD").options().pageSize());
    assertField("pageSize", () -> of("cpu>=2", null, 0, null));
    assertField("pageSize", () -> of("cpu>=2", null, 101, null));
    assertField("currency", () -> of("cpu>=2", null, null, "eur"));
    assertField("currency", () -> of("cpu>=2", null, null, "XYZ"));
    assertField("q", () -> of(" ", null, null, null));
    assertField("q", () -> of(null, null, null, null));
  }

  @Test
  void aSyntaxErrorNamesTheTokenItsOffsetAndLength() {
    XeniaException e =
        assertThrows(XeniaException.class, () -> of("cpu>=2 gpu.count in (2,", null, null, null));
    assertEquals(ProblemType.INVALID_QUERY, e.type());
    assertEquals(23, e.extensions().get("offset"));
    assertEquals("", e.extensions().get("token"), "unexpected end: no token");
    assertTrue(e.getMessage().contains("the end of the query"), e.getMessage());

    e = assertThrows(XeniaException.class, () -> of("cpu>=2 rtt(xyz)<=5ms", null, null, null));
    assertEquals(ProblemType.INVALID_QUERY, e.type());
    assertEquals("xyz", e.extensions().get("token"), e.getMessage());
    assertEquals(11, e.extensions().get("offset"));
    assertEquals(3, e.extensions().get("length"));
  }

  private static void assertField(String field, org.junit.jupiter.api.function.Executable call) {
    XeniaException e = assertThrows(XeniaException.class, call);
    assertEquals(ProblemType.VALIDATION_FAILED, e.type(), e.getMessage());
    assertEquals(field, e.fieldErrors().get(0).field(), e.getMessage());
  }
}
