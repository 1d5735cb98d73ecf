package io.xenia.dht.index;

import io.xenia.dht.Entry;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.VerificationException;
import java.util.Currency;
import java.util.Optional;

/**
 * Turns a bucket entry into a {@link Candidate}, trusting nothing a holder says: the DHT core has
 * checked the entry's own signature, and here the advertisement inside must verify, be signed by
 * its host, have been stored by that same host's key (so nobody can file someone else's old ad),
 * carry the entry's sequence number and content key, and be priced in the index currency. Every
 * refusal is counted.
 */
final class EntryVerifier {
  /** Verified entries by signature: an entry is immutable, so one check per entry suffices. */
  private static final int CACHE_SIZE = 20_000;

  private final Currency currency;
  private final IndexMetrics metrics;
  private final java.util.Map<java.nio.ByteBuffer, Candidate> verified =
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<java.nio.ByteBuffer, Candidate> e) {
          return size() > CACHE_SIZE;
        }
      };

  EntryVerifier(Currency currency, IndexMetrics metrics) {
    this.currency = currency;
    this.metrics = metrics;
  }

  /** The candidate in the entry, or empty (counted) if it must not be trusted. */
  synchronized Optional<Candidate> verify(Entry entry) {
    java.nio.ByteBuffer signature = java.nio.ByteBuffer.wrap(entry.signature());
    Candidate known = verified.get(signature);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Candidate> fresh = check(entry);
    fresh.ifPresent(c -> verified.put(signature, c));
    return fresh;
  }

  private Optional<Candidate> check(Entry entry) {
    IndexRecord record;
    Signed<Advertisement> signed;
    try {
      record = IndexRecord.decode(entry.value());
      signed = Advertisement.open(record.envelope());
    } catch (VerificationException e) {
      return refuse(
          e.reason() == VerificationException.Reason.MISSING_SIGNER
              ? Refusal.WRONG_HOST
              : Refusal.FORGED);
    } catch (RuntimeException malformed) {
      return refuse(Refusal.FORGED);
    }
    Advertisement ad = signed.record();
    if (!entry.owner().fingerprint().equals(ad.hostId())) {
      return refuse(Refusal.WRONG_HOST);
    }
    if (entry.sequence() != ad.sequence()
        || !entry
            .key()
            .content()
            .equals(IndexKeys.content(IndexKeys.machineKey(ad.hostId(), ad.machineId())))) {
      return refuse(Refusal.MISPLACED);
    }
    if (!ad.prices().currency().equals(currency)) {
      return refuse(Refusal.WRONG_CURRENCY);
    }
    return Optional.of(new Candidate(ad, signed.envelope(), record.coordinate()));
  }

  private Optional<Candidate> refuse(Refusal reason) {
    metrics.refusedRead(reason);
    return Optional.empty();
  }
}
