package io.xenia.dht.index;

import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.Entry;
import io.xenia.dht.LookupStats;
import io.xenia.dht.PutResult;
import io.xenia.dht.StoreOutcome;
import io.xenia.dht.vivaldi.Coordinate;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files a host's advertisements into the index: one entry per dimension, in the bucket of the ad's
 * value, signed by the host key with the ad's sequence number and expiring with the ad, so the
 * DHT's own rules (owner-only overwrite, higher sequence wins, TTL) apply to the index unchanged.
 * When a new sequence moves a machine to another bucket, the old bucket gets a tombstone of the new
 * sequence; a withdrawal tombstones the machine's buckets. Beside the buckets it keeps the host's
 * coordinate record and a machine record (the last ad filed), so that a publisher that forgot the
 * previous ad (a restart) still finds the buckets to vacate.
 *
 * <p>Remembers the last ad it published per machine; thread-safe.
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
      return refused(e);
    }
    // The coordinate at the moment of publishing, not after the look-up below has moved it.
    Coordinate coordinate = node.coordinate();
    return previous(ad.hostId(), ad.machineId())
        .thenCompose(
            previous -> {
              if (previous.isPresent() && ad.sequence() <= previous.get().sequence()) {
                return refused(
                    new RefusedException(
                        Refusal.STALE,
                        "sequence " + ad.sequence() + " after " + previous.get().sequence()));
              }
              return file(ad, envelope, previous, hostKey, coordinate);
            });
  }

  private CompletableFuture<PublishResult> file(
      Advertisement ad,
      SignedEnvelope envelope,
      Optional<Advertisement> previous,
      Ed25519KeyPair hostKey,
      Coordinate coordinate) {
    String machineKey = IndexKeys.machineKey(ad.hostId(), ad.machineId());
    long expires = ad.expiresAt().toEpochMilli();
    byte[] value = new IndexRecord(coordinate, envelope.toJson()).encode();
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
      if (previous.isPresent()) {
        int old = d.bucketOf(d.sortKey(previous.get()));
        if (old != bucket) {
          removals.add(
              Entry.signTombstone(
                  keys.entry(d, old, machineKey),
                  ad.sequence(),
                  previous.get().expiresAt().toEpochMilli(),
                  hostKey));
        }
      }
    }
    Entry machine =
        Entry.sign(
            keys.machine(ad.hostId(), ad.machineId()), value, 0, ad.sequence(), expires, hostKey);
    Advertisement before = published.put(machineKey, ad);
    return store(puts, removals, List.of(machine), hostKey, Optional.of(coordinate))
        .whenComplete(
            (result, error) -> {
              if (error != null) { // the DHT refused it: the last good ad still stands
                if (before == null) {
                  published.remove(machineKey, ad);
                } else {
                  published.replace(machineKey, ad, before);
                }
              }
            });
  }

  CompletableFuture<PublishResult> withdraw(String machineId, Ed25519KeyPair hostKey) {
    String hostId = hostKey.publicKey().fingerprint();
    return previous(hostId, machineId)
        .thenCompose(
            previous -> {
              String machineKey = IndexKeys.machineKey(hostId, machineId);
              published.remove(machineKey);
              // With no record of the last ad (never filed, or its record expired) every bucket is
              // vacated, with a clock-derived sequence above any counter-style one.
              long sequence = previous.map(p -> p.sequence() + 1).orElse(clock.millis() * 1000);
              long expires =
                  previous
                      .map(p -> p.expiresAt().toEpochMilli())
                      .orElse(clock.millis() + Duration.ofDays(30).toMillis() - 1);
              List<Entry> removals = new ArrayList<>();
              for (Dimension d : Dimension.values()) {
                if (previous.isPresent()) {
                  int b = d.bucketOf(d.sortKey(previous.get()));
                  removals.add(
                      Entry.signTombstone(
                          keys.entry(d, b, machineKey), sequence, expires, hostKey));
                } else {
                  for (int b = 0; b < d.buckets(); b++) {
                    removals.add(
                        Entry.signTombstone(
                            keys.entry(d, b, machineKey), sequence, expires, hostKey));
                  }
                }
              }
              Entry machine =
                  Entry.signTombstone(keys.machine(hostId, machineId), sequence, expires, hostKey);
              return store(List.of(), removals, List.of(machine), hostKey, Optional.empty());
            });
  }

  /** The last ad filed for the machine: remembered, else read from its machine record. */
  private CompletableFuture<Optional<Advertisement>> previous(String hostId, String machineId) {
    Advertisement known = published.get(IndexKeys.machineKey(hostId, machineId));
    if (known != null) {
      return CompletableFuture.completedFuture(Optional.of(known));
    }
    DhtKey key = keys.machine(hostId, machineId);
    return node.get(key.location(), key.domain())
        .content(key.content())
        .nearby()
        .start()
        .thenApply(
            r -> {
              for (Entry e : r.entries()) {
                if (e.owner().fingerprint().equals(hostId)) {
                  try {
                    Advertisement ad =
                        Advertisement.open(IndexRecord.decode(e.value()).envelope()).record();
                    if (ad.hostId().equals(hostId) && ad.machineId().equals(machineId)) {
                      return Optional.of(ad);
                    }
                  } catch (RuntimeException unreadable) {
                    // as good as no record: the caller falls back to vacating every bucket
                  }
                }
              }
              return Optional.empty();
            });
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
    return ad;
  }

  private CompletableFuture<PublishResult> refused(RefusedException e) {
    metrics.refusedPublish(e.reason());
    return CompletableFuture.failedFuture(e);
  }

  /**
   * Stores bucket entries, bucket tombstones and bookkeeping entries (machine record) side by side;
   * only bucket entries count in the result.
   */
  private CompletableFuture<PublishResult> store(
      List<Entry> puts,
      List<Entry> removals,
      List<Entry> bookkeeping,
      Ed25519KeyPair hostKey,
      Optional<Coordinate> coordinate) {
    List<CompletableFuture<PutResult>> calls = new ArrayList<>();
    for (Entry e : puts) {
      calls.add(node.store(e));
    }
    for (Entry e : removals) {
      calls.add(node.store(e));
    }
    for (Entry e : bookkeeping) {
      calls.add(node.store(e));
    }
    if (coordinate.isPresent()) {
      DhtKey key = IndexKeys.coordinate(hostKey.publicKey().fingerprint());
      calls.add(
          node.put(key)
              .value(new IndexRecord(coordinate.get(), new byte[0]).encode())
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
              // Something stored is not enough: every entry must have reached most of its holders
              // (the rest never answered),
              // or a reader merging two copies may well meet none (a burst once left 231 of 400
              // ads unreadable while every publish reported success).
              List<String> short_ = new ArrayList<>();
              for (CompletableFuture<PutResult> call : calls) {
                PutResult r = call.join();
                if (!r.reachedMajority()) {
                  short_.add(r.answered() + " of " + r.holders());
                }
              }
              if (!short_.isEmpty()) {
                throw new NotStoredException(
                    short_.size()
                        + " of "
                        + calls.size()
                        + " entries reached at most half of their holders (answered by "
                        + String.join(", ", short_)
                        + "); the publish did not take effect and may be retried");
              }
              return new PublishResult(stored, removed, Costs.parallel(costs));
            });
  }
}
