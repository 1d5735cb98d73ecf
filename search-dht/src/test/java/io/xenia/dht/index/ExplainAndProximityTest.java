package io.xenia.dht.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.query.Predicate;
import io.xenia.dht.query.ProximityTerm;
import io.xenia.dht.query.Query;
import io.xenia.dht.query.RttWithin;
import io.xenia.protocol.records.Advertisement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Explain's counts against brute force (each term's sole-blocker count is exactly what dropping it
 * adds; each nearest relaxation adds exactly what it says), and proximity given as options equals
 * proximity written in the query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainAndProximityTest {
  private static final int NODES = 60;
  private final Random random = new Random(31);
  private IndexCluster c;
  private final List<String> hosts = new ArrayList<>();

  @BeforeAll
  void publish() {
    c = new IndexCluster(13, NODES);
    for (int i = 0; i < 120; i++) {
      int node = random.nextInt(NODES);
      Advertisement ad = Ads.random(random, c.hostKey(node), "m-" + i, 1, c.now(), 3600);
      c.publish(node, ad);
      if (!hosts.contains(ad.hostId())) {
        hosts.add(ad.hostId());
      }
    }
  }

  @Test
  void explainCountsAgreeWithBruteForce() {
    int relaxationsChecked = 0;
    for (int i = 0; i < 30; i++) {
      Query q = Queries.random(random, hosts);
      Explanation e = c.await(c.index(random.nextInt(NODES)).explain(q, SearchOptions.defaults()));
      int matches = Oracle.expect(c, q, c.now()).size();
      assertEquals(matches, e.matches(), q.toString());
      List<Object> terms = new ArrayList<>(q.predicates());
      q.proximity().stream().filter(t -> t instanceof RttWithin).forEach(terms::add);
      assertEquals(terms.size(), e.terms().size());
      for (int t = 0; t < terms.size(); t++) {
        Query without = replace(q, terms.get(t), null);
        int added = Oracle.expect(c, without, c.now()).size() - matches;
        assertEquals(
            added, e.terms().get(t).onlyBlocker(), "dropping " + terms.get(t) + " from " + q);
      }
      for (Explanation.Relaxation r : e.relaxations()) {
        if (r.relaxed().isEmpty()) {
          continue;
        }
        Object original =
            terms.stream().filter(t -> t.toString().equals(r.term())).findFirst().get();
        Object relaxed = parseTerm(r.relaxed());
        int added = Oracle.expect(c, replace(q, original, relaxed), c.now()).size() - matches;
        assertEquals(added, r.added(), r.describe() + " for " + q);
        assertTrue(r.added() > 0);
        relaxationsChecked++;
      }
    }
    assertTrue(relaxationsChecked > 5, "relaxations checked: " + relaxationsChecked);
  }

  @Test
  void anEmptyQueryIsExplainedWithItsNearestRelaxation() {
    Query q = Query.parse("cpu>=64 mem>=600GiB");
    Explanation e = c.await(c.index(1).explain(q, SearchOptions.defaults()));
    assertEquals(0, e.matches());
    Explanation.Relaxation mem =
        e.relaxations().stream().filter(r -> r.term().startsWith("mem")).findFirst().orElseThrow();
    assertTrue(mem.relaxed().startsWith("mem>="), mem.describe());
    assertTrue(mem.describe().matches("mem>=\\S+ would add \\d+ offers?"), mem.describe());
  }

  @Test
  void proximityOptionsEqualProximityTermsAndRankByRtt() {
    String host = hosts.get(0);
    String other = hosts.get(1);
    Query q = Query.parse("cpu>=1");
    // A limit at the median estimate, so the term keeps about half.
    RttWithin both = new RttWithin(List.of(host, other), false, java.math.BigDecimal.ONE);
    long limit =
        (long)
            Math.ceil(
                c.live.keySet().stream()
                    .mapToDouble(k -> Oracle.maxRtt(c, k, both))
                    .sorted()
                    .skip(c.live.size() / 2)
                    .findFirst()
                    .getAsDouble());
    SearchResult byOption =
        c.await(
            c.index(4)
                .search(
                    q,
                    SearchOptions.defaults()
                        .withPageSize(1000)
                        .near(host)
                        .withRttLimit(Duration.ofMillis(limit), host, other)));
    Query written =
        Query.parse("cpu>=1 near=" + host + " rtt(" + host + "," + other + ")<=" + limit + "ms");
    SearchResult byText =
        c.await(c.index(5).search(written, SearchOptions.defaults().withPageSize(1000)));
    List<String> expected = Oracle.expect(c, written, c.now());
    assertTrue(
        expected.size() > 3 && expected.size() < Oracle.expect(c, q, c.now()).size(),
        expected.size() + " within " + limit + " ms");
    assertEquals(expected, byOption.offers().stream().map(Offer::machineKey).toList());
    assertEquals(expected, byText.offers().stream().map(Offer::machineKey).toList());
    double last = 0;
    for (Offer o : byText.offers()) {
      assertTrue(o.rttMillis().getAsDouble() >= last);
      last = o.rttMillis().getAsDouble();
    }
  }

  @Test
  void aHostWithNoCoordinateFailsTheSearch() {
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () ->
                c.await(
                    c.index(2)
                        .search(
                            Query.parse("cpu>=1"), SearchOptions.defaults().near("f".repeat(64)))));
    assertInstanceOf(NoSuchElementException.class, e.getCause());
  }

  private static Object parseTerm(String text) {
    Query q = Query.parse(text);
    return q.predicates().isEmpty() ? q.proximity().get(0) : q.predicates().get(0);
  }

  private static Query replace(Query q, Object term, Object with) {
    List<Predicate> predicates = new ArrayList<>();
    for (Predicate p : q.predicates()) {
      if (p != term) {
        predicates.add(p);
      } else if (with != null) {
        predicates.add((Predicate) with);
      }
    }
    List<ProximityTerm> proximity = new ArrayList<>();
    for (ProximityTerm p : q.proximity()) {
      if (p != term) {
        proximity.add(p);
      } else if (with != null) {
        proximity.add((ProximityTerm) with);
      }
    }
    if (predicates.isEmpty() && proximity.isEmpty()) {
      return Query.parse("price>=0"); // everything
    }
    return new Query(predicates, proximity);
  }
}
