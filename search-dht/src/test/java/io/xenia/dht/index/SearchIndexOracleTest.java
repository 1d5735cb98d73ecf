package io.xenia.dht.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.query.Query;
import io.xenia.protocol.records.Advertisement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The index against a brute-force oracle on 150 simulated nodes with 300 ads: every random query
 * returns exactly the oracle's matches in the oracle's order (100% recall and precision), through
 * updates that move machines between buckets, withdrawals and expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchIndexOracleTest {
  private static final int NODES = 150;
  private static final int ADS = 300;
  private final Random random = new Random(20261130);
  private IndexCluster c;
  private final List<String> hosts = new ArrayList<>();

  @BeforeAll
  void publishAds() {
    c = new IndexCluster(77, NODES);
    for (int i = 0; i < ADS; i++) {
      int node = random.nextInt(NODES);
      // Every tenth expires during the test, in a jump of virtual time with no search under way.
      long ttl = i % 10 == 0 ? 900 : 3600;
      Advertisement ad =
          Ads.random(random, c.hostKey(node), "m-" + i, 1 + random.nextInt(5), c.now(), ttl);
      c.publish(node, ad);
      if (!hosts.contains(ad.hostId())) {
        hosts.add(ad.hostId());
      }
    }
  }

  @Test
  void randomQueriesMatchTheOracleThroughUpdatesWithdrawalsAndExpiry() {
    checkQueries(70);
    // Updates: a third of these move to other buckets in some dimension.
    List<String> keys = new ArrayList<>(c.live.keySet());
    for (int i = 0; i < 40; i++) {
      String key = keys.get(random.nextInt(keys.size()));
      Advertisement old = c.live.get(key);
      if (old == null || !old.isValidAt(c.now())) {
        continue;
      }
      int node = c.hostNode.get(key);
      c.publish(node, Ads.changed(random, c.hostKey(node), old, c.now(), 3600));
    }
    for (int i = 0; i < 20; i++) {
      String key = keys.get(random.nextInt(keys.size()));
      if (c.live.containsKey(key)) {
        PublishResult removed = c.withdraw(key);
        assertEquals(Dimension.values().length, removed.removed());
      }
    }
    checkQueries(70);
    c.net.runFor(Duration.ofSeconds(900)); // the 900 s ads expire
    long expired = c.live.values().stream().filter(a -> !a.isValidAt(c.now())).count();
    assertTrue(expired > 20, "some ads expired: " + expired);
    checkQueries(60);
  }

  private void checkQueries(int count) {
    int empty = 0;
    int matched = 0;
    long messages = 0;
    int proximity = 0;
    for (int i = 0; i < count; i++) {
      Query q = Queries.random(random, hosts);
      int from = random.nextInt(NODES);
      SearchResult result =
          c.await(c.index(from).search(q, SearchOptions.defaults().withPageSize(1000)));
      List<String> expected = Oracle.expect(c, q, c.now()); // validity as of the answer
      List<String> actual = result.offers().stream().map(Offer::machineKey).toList();
      assertEquals(expected, actual, () -> "query " + q + " " + diff(expected, actual));
      assertEquals(expected.size(), result.total());
      empty += expected.isEmpty() ? 1 : 0;
      matched += expected.size();
      messages += result.stats().messages();
      proximity += q.proximity().isEmpty() ? 0 : 1;
    }
    // The random queries must exercise both outcomes, or agreement proves little.
    assertTrue(empty > 0 && empty < count / 2, "empty results: " + empty + "/" + count);
    assertTrue(proximity > 0, "some queries have proximity terms");
    System.err.printf(
        "%d queries: %d empty, %.1f matches and %.0f messages per query%n",
        count, empty, matched / (double) count, messages / (double) count);
  }

  @Test
  void pagesConcatenateToTheWholeRankingWithStableTokens() {
    Query q = Query.parse("cpu>=4");
    List<String> expected = Oracle.expect(c, q, c.now());
    assertTrue(expected.size() > 30, "enough matches to page: " + expected.size());
    List<String> paged = new ArrayList<>();
    SearchOptions options = SearchOptions.defaults().withPageSize(7);
    String token = null;
    do {
      SearchOptions page = token == null ? options : options.withPageToken(token);
      SearchResult r = c.await(c.index(3).search(q, page));
      SearchResult again = c.await(c.index(5).search(q, page));
      assertEquals(r.nextPageToken(), again.nextPageToken(), "tokens are stable");
      r.offers().forEach(o -> paged.add(o.machineKey()));
      token = r.nextPageToken().orElse(null);
    } while (token != null);
    assertEquals(expected, paged, () -> diff(expected, paged));
  }

  @Test
  void aChangedAdIsVisibleWithinOneSecondAndTheOldValuesAreGone() {
    String key = c.live.keySet().iterator().next();
    int node = c.hostNode.get(key);
    Advertisement old = c.live.get(key);
    Advertisement moved =
        new Advertisement(
            1,
            old.hostId(),
            old.ownerAccountId(),
            old.machineId(),
            old.location(),
            old.total(),
            new io.xenia.protocol.records.Resources(
                old.total().cpuCores(), old.total().memoryMiB(), 1, 1, 0, ""),
            old.capabilities(),
            io.xenia.protocol.records.PriceList.hourly(
                io.xenia.protocol.money.Money.ofMicros(Ads.EUR, 7_777_777)),
            old.sequence() + 10,
            c.now(),
            3600);
    long before = c.net.nanoTime();
    c.publish(node, moved);
    long took = c.net.nanoTime() - before;
    assertTrue(took < 1_000_000_000L, "publish took " + took / 1e6 + " ms of virtual time");
    SearchResult hit =
        c.await(
            c.index(11)
                .search(Query.parse("price>=7.777777 price<=7.777777"), SearchOptions.defaults()));
    assertEquals(List.of(key), hit.offers().stream().map(Offer::machineKey).toList());
    SearchResult oldPrice =
        c.await(
            c.index(12)
                .search(
                    Query.parse("disk>=2 price>=0"), SearchOptions.defaults().withPageSize(1000)));
    assertTrue(oldPrice.offers().stream().noneMatch(o -> o.machineKey().equals(key)));
  }

  private String diff(List<String> expected, List<String> actual) {
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<String> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    StringBuilder out = new StringBuilder("missing " + missing + " extra " + extra);
    for (String k : missing) {
      out.append("\n  missing ").append(c.live.get(k));
    }
    for (String k : extra) {
      out.append("\n  extra (oracle has) ").append(c.live.get(k));
    }
    return out.toString();
  }
}
