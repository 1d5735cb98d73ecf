package io.xenia.dht.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet query language: the offers' grammar over host attributes. */
class HostVocabularyTest {
  private static final Map<String, Object> BUSY =
      Map.of(
          "status",
          "up",
          "region",
          "eu-west-1",
          "cpu",
          8,
          "cpu.load",
          new BigDecimal("0.95"),
          "mem.used",
          new BigDecimal("0.50"),
          "disk.free",
          new BigDecimal("120.5"),
          "machines.free",
          0,
          "version",
          "0.1.0",
          "uptime",
          90_000L);

  @Test
  void hostAttributesParseAndMatch() {
    Query q = Query.parse("cpu.load>0.9 status=up region=eu-* uptime>=1d", Vocabulary.HOSTS);
    assertTrue(q.matches(BUSY));
    assertEquals("cpu.load>0.9 status=up region=eu-* uptime>=1d", q.toString());
    assertEquals(q, Query.parse(q.toString(), Vocabulary.HOSTS));
    assertFalse(Query.parse("cpu.load<=0.9", Vocabulary.HOSTS).matches(BUSY));
    assertTrue(Query.parse("disk.free>=100GiB machines.free=0", Vocabulary.HOSTS).matches(BUSY));
    assertTrue(Query.parse("uptime>24h uptime<2d", Vocabulary.HOSTS).matches(BUSY));
    // A host that did not report a metric fails every predicate on it (also !=).
    assertFalse(Query.parse("mem.used!=0.5", Vocabulary.HOSTS).matches(Map.of("status", "up")));
  }

  @Test
  void eachLanguageRefusesTheOthersAttributes() {
    QuerySyntaxException host =
        assertThrows(QuerySyntaxException.class, () -> Query.parse("cpu>=2 cpu.load>0.9"));
    assertEquals(7, host.offset());
    assertEquals(8, host.length());
    assertTrue(host.getMessage().contains("unknown attribute 'cpu.load'"), host.getMessage());
    QuerySyntaxException price =
        assertThrows(QuerySyntaxException.class, () -> Query.parse("price<1", Vocabulary.HOSTS));
    assertTrue(price.getMessage().contains("cpu.load"), "lists the host attributes");
    assertFalse(price.getMessage().contains("gpu.model"), price.getMessage());
    QuerySyntaxException near =
        assertThrows(
            QuerySyntaxException.class,
            () -> Query.parse("near=" + "a".repeat(64), Vocabulary.HOSTS));
    assertEquals(0, near.offset());
    assertEquals(4, near.length());
    QuerySyntaxException unit =
        assertThrows(
            QuerySyntaxException.class, () -> Query.parse("uptime>3weeks", Vocabulary.HOSTS));
    assertTrue(unit.getMessage().contains("use one of d, h, min, s"), unit.getMessage());
  }
}
