package io.xenia.dht.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.dht.query.Query;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.signing.SignedEnvelope;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A publisher that lost its memory (a restarted host daemon: a fresh {@link SearchIndex}) still
 * vacates the buckets of the machine's previous ad, read from the machine record, so no bucket
 * keeps an entry of an older sequence that a query reading only that bucket would return.
 */
class ForgetfulPublisherTest {
  private final IndexCluster c = new IndexCluster(8, 40);
  private final Random random = new Random(4);

  @Test
  void aRestartedPublisherVacatesTheOldBucketsOnChangeAndWithdraw() {
    Ed25519KeyPair host = c.hostKey(3);
    Advertisement v1 = priced(Ads.random(random, host, "m-1", 1, c.now(), 3600), 450_000);
    c.publish(3, v1);
    Query oldBand = Query.parse("price>=0.45 price<=0.45");
    assertEquals(1, c.await(c.index(9).search(oldBand, SearchOptions.defaults())).total());

    SearchIndex restarted = SearchIndex.create(c.node(3), Ads.EUR, c.net.clock());
    Advertisement v2 = priced(Ads.random(random, host, "m-1", 2, c.now(), 3600), 3_300_000);
    PublishResult moved =
        c.await(restarted.publish(SignedEnvelope.sign(Advertisement.TYPE, v2, host), host));
    assertEquals(Dimension.values().length, moved.stored());
    assertEquals(0, c.await(c.index(9).search(oldBand, SearchOptions.defaults())).total());
    SearchResult newBand =
        c.await(c.index(10).search(Query.parse("price>=3.3 price<=3.3"), SearchOptions.defaults()));
    assertEquals(
        List.of(2L), newBand.offers().stream().map(o -> o.advertisement().sequence()).toList());

    SearchIndex restartedAgain = SearchIndex.create(c.node(3), Ads.EUR, c.net.clock());
    PublishResult withdrawn = c.await(restartedAgain.withdraw("m-1", host));
    assertEquals(Dimension.values().length, withdrawn.removed(), "only the four buckets it was in");
    assertEquals(
        0, c.await(c.index(11).search(Query.parse("price>=0"), SearchOptions.defaults())).total());
  }

  private static Advertisement priced(Advertisement ad, long micros) {
    return new Advertisement(
        ad.version(),
        ad.hostId(),
        ad.ownerAccountId(),
        ad.machineId(),
        ad.location(),
        ad.total(),
        ad.available(),
        ad.capabilities(),
        PriceList.hourly(Money.ofMicros(Ads.EUR, micros)),
        ad.sequence(),
        ad.issuedAt(),
        ad.ttlSeconds());
  }
}
