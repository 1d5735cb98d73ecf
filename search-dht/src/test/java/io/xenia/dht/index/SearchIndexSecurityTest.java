package io.xenia.dht.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtKey;
import io.xenia.dht.Entry;
import io.xenia.dht.PutResult;
import io.xenia.dht.StoreOutcome;
import io.xenia.dht.query.Query;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.SignedEnvelope;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Forged ads, replays of older sequences and ads for another host's machine are refused and
 * counted, on publish and when a rogue node writes bucket entries directly.
 */
class SearchIndexSecurityTest {
  private final IndexCluster c = new IndexCluster(5, 40);
  private final Random random = new Random(9);
  private final Query all = Query.parse("price>=0");

  @Test
  void aForgedAdIsRefusedAndCounted() {
    Advertisement ad = Ads.random(random, c.hostKey(1), "m-1", 1, c.now(), 3600);
    Advertisement cheaper = Ads.random(random, c.hostKey(1), "m-1", 1, c.now(), 3600);
    SignedEnvelope genuine = SignedEnvelope.sign(Advertisement.TYPE, ad, c.hostKey(1));
    SignedEnvelope forged =
        SignedEnvelope.of(
            1,
            genuine.type(),
            SignedEnvelope.sign(Advertisement.TYPE, cheaper, c.hostKey(2)).body(),
            genuine.signatures());
    assertEquals(Refusal.FORGED, refusal(c.index(1).publish(forged, c.hostKey(1))));
    assertEquals(1, c.index(1).metrics().publishRefused(Refusal.FORGED));
    assertEquals(0, c.await(c.index(7).search(all, SearchOptions.defaults())).total());
  }

  @Test
  void aReplayOfAnOlderSequenceIsRefusedLocallyAndByTheHolders() {
    Ed25519KeyPair host = c.hostKey(1);
    Advertisement v3 = Ads.random(random, host, "m-1", 3, c.now(), 3600);
    Advertisement v5 = Ads.random(random, host, "m-1", 5, c.now(), 3600);
    c.publish(1, v3);
    c.publish(1, v5);
    SignedEnvelope replay = SignedEnvelope.sign(Advertisement.TYPE, v3, host);
    assertEquals(Refusal.STALE, refusal(c.index(1).publish(replay, host)));
    // A fresh index (say, after a restart) does not remember v5, but the DHT holders do.
    SearchIndex fresh = SearchIndex.create(c.node(1), Ads.EUR, c.net.clock());
    assertEquals(Refusal.STALE, refusal(fresh.publish(replay, host)));
    assertEquals(1, fresh.metrics().publishRefused(Refusal.STALE));
    SearchResult r = c.await(c.index(9).search(all, SearchOptions.defaults()));
    assertEquals(List.of(5L), r.offers().stream().map(o -> o.advertisement().sequence()).toList());
  }

  @Test
  void anAdForAnotherHostsMachineIsRefused() {
    Ed25519KeyPair victim = c.hostKey(1);
    Ed25519KeyPair rogue = c.hostKey(2);
    Advertisement victims = Ads.random(random, victim, "m-1", 1, c.now(), 3600);
    // Names the victim host but is signed by the rogue key.
    SignedEnvelope signedByRogue = SignedEnvelope.sign(Advertisement.TYPE, victims, rogue);
    assertEquals(Refusal.WRONG_HOST, refusal(c.index(2).publish(signedByRogue, rogue)));
    // Genuinely the victim's, but published under the rogue key.
    SignedEnvelope genuine = SignedEnvelope.sign(Advertisement.TYPE, victims, victim);
    assertEquals(Refusal.WRONG_HOST, refusal(c.index(2).publish(genuine, rogue)));
    assertEquals(2, c.index(2).metrics().publishRefused(Refusal.WRONG_HOST));
    assertEquals(0, c.await(c.index(7).search(all, SearchOptions.defaults())).total());
  }

  @Test
  void entriesARogueNodeWritesIntoBucketsAreDroppedAndCountedByReaders() {
    Ed25519KeyPair victim = c.hostKey(1);
    Ed25519KeyPair rogue = c.hostKey(2);
    Advertisement old = Ads.random(random, victim, "m-1", 1, c.now(), 3600);
    Advertisement current = Ads.changed(random, victim, old, c.now(), 3600);
    c.publish(1, current);
    IndexKeys keys = new IndexKeys(Ads.EUR);
    Dimension d = Dimension.PRICE;
    long expires = c.now().toEpochMilli() + 3_600_000;
    byte[] oldValue =
        new IndexRecord(
                c.node(2).coordinate(),
                SignedEnvelope.sign(Advertisement.TYPE, old, victim).toJson())
            .encode();
    // 1. Overwriting the victim's entry with its older ad: the holders refuse (not the owner).
    DhtKey victimsKey = keys.entry(d, d.bucketOf(d.sortKey(current)), old.hostId() + "/m-1");
    PutResult overwrite =
        c.await(
            c.node(2).store(Entry.sign(victimsKey, oldValue, d.sortKey(old), 99, expires, rogue)));
    assertEquals(0, overwrite.stored());
    assertTrue(
        overwrite.refusals().containsKey(StoreOutcome.NOT_OWNER) || overwrite.refusals().isEmpty(),
        overwrite.refusals().toString());
    // 2. The victim's old ad filed under the rogue's own content key: readers refuse it.
    DhtKey rogueKey =
        keys.entry(d, d.bucketOf(d.sortKey(old)), rogue.publicKey().fingerprint() + "/m-1");
    c.await(c.node(2).store(Entry.sign(rogueKey, oldValue, d.sortKey(old), 1, expires, rogue)));
    // 3. A forged ad in the rogue's own entry.
    Advertisement fake = Ads.random(random, rogue, "m-9", 1, c.now(), 3600);
    SignedEnvelope real = SignedEnvelope.sign(Advertisement.TYPE, fake, rogue);
    SignedEnvelope tampered =
        SignedEnvelope.of(
            1,
            real.type(),
            SignedEnvelope.sign(
                    Advertisement.TYPE, Ads.random(random, rogue, "m-9", 1, c.now(), 3600), victim)
                .body(),
            real.signatures());
    DhtKey fakeKey =
        keys.entry(d, d.bucketOf(d.sortKey(fake)), rogue.publicKey().fingerprint() + "/m-9");
    byte[] forgedValue = new IndexRecord(c.node(2).coordinate(), tampered.toJson()).encode();
    c.await(c.node(2).store(Entry.sign(fakeKey, forgedValue, d.sortKey(fake), 1, expires, rogue)));

    SearchIndex reader = c.index(20);
    SearchResult r = c.await(reader.search(all, SearchOptions.defaults()));
    assertEquals(
        List.of(current.hostId() + "/m-1"), r.offers().stream().map(Offer::machineKey).toList());
    assertEquals(current.sequence(), r.offers().get(0).advertisement().sequence());
    assertTrue(reader.metrics().readRefused(Refusal.WRONG_HOST) >= 1, "wrong host counted");
    assertTrue(
        reader.metrics().readRefused(Refusal.FORGED)
                + reader.metrics().readRefused(Refusal.WRONG_HOST)
            >= 2,
        "forged counted: " + reader.metrics().snapshot());
  }

  private Refusal refusal(CompletableFuture<PublishResult> publish) {
    try {
      c.await(publish);
    } catch (CompletionException | IllegalStateException e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof RefusedException)) {
        cause = cause.getCause();
      }
      return assertInstanceOf(RefusedException.class, cause, e.toString()).reason();
    } catch (RefusedException e) {
      return e.reason();
    }
    throw new AssertionError("the publish was accepted");
  }
}
