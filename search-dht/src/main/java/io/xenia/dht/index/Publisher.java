package io.xenia.dht.index;

import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.Entry;
import io.xenia.dht.LookupStats;
import io.xenia.dht.PutResult;
import io.xenia.dht.StoreOutcome;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files a host's advertisements into the index: one entry per dimension, in the bucket of the ad's
 * value, signed by the host key with the ad's sequence number and expiring with the ad, so the
 * DHT's own rules (owner-only overwrite, higher sequence wins, TTL) apply to the index unchanged.
 * When a new sequence moves a machine to another bucket, the old bucket gets a tombstone of the new
 * sequence; a withdrawal tombstones every bucket. Also re-publishes the host's coordinate record.
 *
 * <p>Remembers the last ad it published per machine (to know which buckets to vacate); thread-safe.
 */
final class Publisher {
  private final DhtNode node;
  private final IndexKeys keys;
  private final Currency currency;
  private final Clock clock;
  private final IndexMetrics metrics;
  private final Map<String, Advertisement> published = new ConcurrentHashMap<>();

  Publisher(DhtNode node, IndexKeys keys, Currency currency, Clock clock, IndexMetrics metrics) {
    this.node = node;
    this.keys = keys;
    this.currency = currency;
    this.clock = clock;
    this.metrics = metrics;
  }

  CompletableFuture<PublishResult> publish(SignedEnvelope envelope, Ed25519KeyPair hostKey) {
    Advertisement ad;
    try {
      ad = check(envelope, hostKey);
    } catch (RefusedException e) {
      metrics.refusedPublish(e.reason());
      return CompletableFuture.failedFuture(e);
    }
    String machineKey = IndexKeys.machineKey(ad.hostId(), ad.machineId());
    Advertisement previous = published.get(machineKey);
    long expires = ad.expiresAt().toEpochMilli();
    byte[] value = new IndexRecord(node.coordinate(), envelope.toJson()).encode();
    List<Entry> puts = new ArrayList<>();
    List<Entry> removals = new ArrayList<>();
    for (Dimension d : Dimension.values()) {
      int bucket = d.bucketOf(d.sortKey(ad));
      puts.add(
          Entry.sign(
              keys.entry(d, bucket, machineKey),
              value,
              d.sortKey(ad),
              ad.sequence(),
              expires,
              hostKey));
      if (previous != null) {
        int old = d.bucketOf(d.sortKey(previous));
        if (old != bucket) {
          removals.add(
              Entry.signTombstone(
                  keys.entry(d, old, machineKey),
                  ad.sequence(),
                  previous.expiresAt().toEpochMilli(),
                  hostKey));
        }
      }
    }
    published.put(machineKey, ad);
    return store(puts, removals, hostKey, true)
        .whenComplete(
            (result, error) -> {
              if (error != null) { // the DHT refused it: the last good ad still stands
                if (previous == null) {
                  published.remove(machineKey, ad);
                } else {
                  published.replace(machineKey, ad, previous);
                }
              }
            });
  }

  CompletableFuture<PublishResult> withdraw(String machineId, Ed25519KeyPair hostKey) {
    String hostId = hostKey.publicKey().fingerprint();
    String machineKey = IndexKeys.machineKey(hostId, machineId);
    Advertisement previous = published.remove(machineKey);
    // Without a record of the last ad (e.g. after a restart) every bucket is vacated, with a
    // clock-derived sequence that exceeds any counter-style sequence the host has used.
    long sequence = previous != null ? previous.sequence() + 1 : clock.millis() * 1000;
    long expires =
        previous != null
            ? previous.expiresAt().toEpochMilli()
            : clock.millis() + Duration.ofSeconds(Advertisement.MAX_TTL_SECONDS).toMillis() - 1;
    List<Entry> removals = new ArrayList<>();
    for (Dimension d : Dimension.values()) {
      if (previous != null) {
        removals.add(
            Entry.signTombstone(
                keys.entry(d, d.bucketOf(d.sortKey(previous)), machineKey),
                sequence,
                expires,
                hostKey));
      } else {
        for (int b = 0; b < d.buckets(); b++) {
          removals.add(
              Entry.signTombstone(keys.entry(d, b, machineKey), sequence, expires, hostKey));
        }
      }
    }
    return store(List.of(), removals, hostKey, false);
  }

  private Advertisement check(SignedEnvelope envelope, Ed25519KeyPair hostKey) {
    Signed<Advertisement> signed;
    try {
      signed = Advertisement.open(envelope);
    } catch (VerificationException e) {
      throw new RefusedException(
          e.reason() == VerificationException.Reason.MISSING_SIGNER
              ? Refusal.WRONG_HOST
              : Refusal.FORGED,
          e.getMessage());
    }
    Advertisement ad = signed.record();
    if (!hostKey.publicKey().fingerprint().equals(ad.hostId())) {
      throw new RefusedException(
          Refusal.WRONG_HOST, "the ad names host " + ad.hostId() + ", not the publishing key");
    }
    if (!ad.prices().currency().equals(currency)) {
      throw new RefusedException(
          Refusal.WRONG_CURRENCY, "priced in " + ad.prices().currency() + ", index is " + currency);
    }
    if (!ad.isValidAt(clock.instant())) {
      throw new RefusedException(Refusal.EXPIRED, "valid until " + ad.expiresAt());
    }
    Advertisement previous = published.get(IndexKeys.machineKey(ad.hostId(), ad.machineId()));
    if (previous != null && ad.sequence() <= previous.sequence()) {
      throw new RefusedException(
          Refusal.STALE, "sequence " + ad.sequence() + " after " + previous.sequence());
    }
    return ad;
  }

  private CompletableFuture<PublishResult> store(
      List<Entry> puts, List<Entry> removals, Ed25519KeyPair hostKey, boolean coordinate) {
    List<CompletableFuture<PutResult>> calls = new ArrayList<>();
    for (Entry e : puts) {
      calls.add(node.store(e));
    }
    for (Entry e : removals) {
      calls.add(node.store(e));
    }
    if (coordinate) {
      DhtKey key = IndexKeys.coordinate(hostKey.publicKey().fingerprint());
      calls.add(
          node.put(key)
              .value(new IndexRecord(node.coordinate(), new byte[0]).encode())
              .signedBy(hostKey)
              .ttl(Duration.ofDays(1))
              .start());
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              int stored = 0;
              int removed = 0;
              Map<StoreOutcome, Integer> refusals = new EnumMap<>(StoreOutcome.class);
              List<LookupStats> costs = new ArrayList<>();
              for (int i = 0; i < calls.size(); i++) {
                PutResult r = calls.get(i).join();
                costs.add(r.stats());
                if (i < puts.size()) {
                  stored += r.isSuccess() ? 1 : 0;
                  r.refusals().forEach((o, n) -> refusals.merge(o, n, Integer::sum));
                } else if (i < puts.size() + removals.size()) {
                  removed += r.isSuccess() ? 1 : 0;
                }
              }
              if (!puts.isEmpty() && stored == 0) {
                // Every holder refused: a replay of an older sequence, or another key's machine.
                Refusal reason =
                    refusals.containsKey(StoreOutcome.NOT_OWNER)
                        ? Refusal.WRONG_HOST
                        : Refusal.STALE;
                metrics.refusedPublish(reason);
                throw new RefusedException(reason, "every holder refused the entries: " + refusals);
              }
              return new PublishResult(stored, removed, Costs.parallel(costs));
            });
  }
}
