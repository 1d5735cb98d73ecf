package io.xenia.billing.support;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.records.UsageQuantities;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.signing.SignedEnvelope;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Currency;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/** Agreements and usage records as hosts and the broker make them, signed with real keys. */
public final class Usage {
  public static final Currency EUR = Currency.getInstance("EUR");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Usage() {}

  public static Ed25519KeyPair newKey() {
    return Ed25519KeyPair.generate(RANDOM);
  }

  public static Money eur(String amount) {
    return Money.parse(EUR, amount);
  }

  public static PriceList prices(String perHour, String... unitAndPrice) {
    SortedMap<String, Money> perUnit = new TreeMap<>();
    for (int i = 0; i < unitAndPrice.length; i += 2) {
      perUnit.put(unitAndPrice[i], eur(unitAndPrice[i + 1]));
    }
    return new PriceList(EUR, eur(perHour), perUnit);
  }

  /** An open-ended agreement for {@code session} with the host of {@code hostKey}. */
  public static Agreement agreement(
      String agreementId,
      UUID session,
      Ed25519KeyPair hostKey,
      UUID customer,
      UUID order,
      PriceList prices,
      Instant notBefore,
      LeaseEnd end) {
    return new Agreement(
        Agreement.VERSION,
        agreementId,
        session.toString(),
        hostKey.publicKey().fingerprint(),
        "m-1",
        customer.toString(),
        newKey().publicKey(),
        order.toString(),
        new Resources(2, 2048, 10, 1000, 0, ""),
        prices,
        notBefore,
        end,
        "2026-11-01");
  }

  public static UsageRecord record(
      Agreement agreement, long sequence, Instant start, Instant end, UsageQuantities q) {
    return new UsageRecord(
        UsageRecord.VERSION,
        agreement.sessionId(),
        agreement.agreementId(),
        agreement.hostId(),
        sequence,
        start,
        end,
        q,
        end);
  }

  /**
   * Minutes {@code from}..{@code to} of a session that started at {@code start}: record n covers
   * minute n, with 60 machine-seconds, each signed alone by {@code hostKey}.
   */
  public static java.util.List<byte[]> signedMinutes(
      Agreement agreement, Instant start, long from, long to, Ed25519KeyPair hostKey) {
    java.util.List<byte[]> out = new java.util.ArrayList<>();
    for (long n = from; n <= to; n++) {
      out.add(
          signed(
              record(
                  agreement,
                  n,
                  start.plusSeconds(60 * (n - 1)),
                  start.plusSeconds(60 * n),
                  machineSeconds(60)),
              hostKey));
    }
    return out;
  }

  /** {@code seconds} of machine time and nothing else. */
  public static UsageQuantities machineSeconds(long seconds) {
    return new UsageQuantities(0, 0, 0, 0, seconds);
  }

  public static byte[] signed(UsageRecord record, Ed25519KeyPair hostKey) {
    return SignedEnvelope.sign(UsageRecord.TYPE, record, hostKey).toJson();
  }

  /** The records (all of one host) as one usage-batch signed by {@code hostKey}. */
  public static byte[] signedBatch(java.util.List<UsageRecord> records, Ed25519KeyPair hostKey) {
    return SignedEnvelope.sign(
            io.xenia.protocol.records.UsageBatch.TYPE,
            io.xenia.protocol.records.UsageBatch.of(records),
            hostKey)
        .toJson();
  }

  public static byte[] signed(Agreement agreement, Ed25519KeyPair hostKey, Ed25519KeyPair broker) {
    return SignedEnvelope.sign(Agreement.TYPE, agreement, hostKey).cosign(broker).toJson();
  }

  public static LeaseEnd openEnded() {
    return new LeaseEnd.OpenEnded();
  }
}
