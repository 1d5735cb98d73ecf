package io.xenia.billing.store;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.xenia.billing.charging.SessionFacts;
import io.xenia.billing.persistence.Sql;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads what billing needs of the broker's tables (docs/billing.md "The contract with the broker"):
 * sessions with their host and order, and agreements. Both are immutable once written, so they are
 * cached for the life of the process; absent ones are not cached (they may still come).
 */
public final class BrokerFacts {
  private static final int CACHE_LIMIT = 100_000;

  private final Pool pool;
  private final Map<UUID, SessionFacts> sessions = new ConcurrentHashMap<>();
  private final Map<String, Agreement> agreements = new ConcurrentHashMap<>();

  public BrokerFacts(Pool pool) {
    this.pool = pool;
  }

  /** The sessions among {@code ids} that exist. */
  public Map<UUID, SessionFacts> sessions(Collection<UUID> ids) {
    return cachedOrRead(
        ids,
        sessions,
        missing -> {
          var rows =
              Sql.await(
                  pool.preparedQuery(
                          "SELECT s.id, s.account_id, s.purchase_order_id, s.host_id, h.account_id,"
                              + " h.host_key, s.region, o.currency"
                              + " FROM public.session s"
                              + " JOIN public.host h ON h.id = s.host_id"
                              + " JOIN public.purchase_order o ON o.id = s.purchase_order_id"
                              + " WHERE s.id = ANY($1)")
                      .execute(Sql.args(missing.toArray(new UUID[0]))));
          Map<UUID, SessionFacts> read = new HashMap<>();
          for (Row r : rows) {
            read.put(
                r.getUUID(0),
                new SessionFacts(
                    r.getUUID(0),
                    r.getUUID(1),
                    r.getUUID(2),
                    r.getUUID(3),
                    r.getUUID(4),
                    Ed25519PublicKey.fromBytes(r.getBuffer(5).getBytes()),
                    Optional.ofNullable(r.getString(6)),
                    Currency.getInstance(r.getString(7).trim())));
          }
          return read;
        });
  }

  /**
   * The agreements among {@code ids} that exist and that the host they name signed. One the host
   * did not sign is treated as absent: billing will not rate with it.
   */
  public Map<String, Agreement> agreements(Collection<String> ids) {
    return cachedOrRead(
        ids,
        agreements,
        missing -> {
          var rows =
              Sql.await(
                  pool.preparedQuery(
                          "SELECT agreement, agreement_id FROM public.session_agreement"
                              + " WHERE agreement_id = ANY($1)")
                      .execute(Sql.args(missing.toArray(new String[0]))));
          Map<String, Agreement> read = new HashMap<>();
          for (Row r : rows) {
            opened(r.getBuffer(0).getBytes()).ifPresent(a -> read.put(a.agreementId(), a));
          }
          return read;
        });
  }

  /** What the cache holds of {@code ids}, and the rest read (and remembered) at once. */
  private static <K, V> Map<K, V> cachedOrRead(
      Collection<K> ids, Map<K, V> cache, Function<List<K>, Map<K, V>> read) {
    Map<K, V> found = new HashMap<>();
    List<K> missing = new java.util.ArrayList<>();
    for (K id : ids) {
      V v = cache.get(id);
      if (v != null) {
        found.put(id, v);
      } else {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      read.apply(missing)
          .forEach(
              (k, v) -> {
                found.put(k, v);
                remember(cache, k, v);
              });
    }
    return found;
  }

  private static Optional<Agreement> opened(byte[] envelope) {
    try {
      Signed<Agreement> signed = SignedEnvelope.fromJson(envelope).open(Agreement.TYPE);
      signed.requireSignerWithFingerprint(signed.record().hostId());
      return Optional.of(signed.record());
    } catch (IllegalArgumentException | VerificationException e) {
      return Optional.empty();
    }
  }

  private static <K, V> void remember(Map<K, V> cache, K key, V value) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // crude but bounded: facts are cheap to read again
    }
    cache.put(key, value);
  }
}
