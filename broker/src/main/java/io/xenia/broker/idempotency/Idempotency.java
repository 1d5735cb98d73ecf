package io.xenia.broker.idempotency;

import io.micronaut.json.JsonMapper;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.hibernate.reactive.stage.Stage;

/**
 * Runs an operation at most once per (account, Idempotency-Key), in the operation's own
 * transaction.
 *
 * <p>The key is claimed first, with an insert that waits on the primary key while another request
 * holding the same key is in flight; when that one commits, this one finds its stored response and
 * returns it (a replay); when it rolls back, this one proceeds. A failed operation rolls the claim
 * back with everything else, so a request that failed may be retried with the same key. The same
 * key with a different request is refused.
 */
@Singleton
public final class Idempotency {
  private final JsonMapper json;
  private final Clock clock;

  Idempotency(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /**
   * @param request a stable description of the request (operation and all of its inputs),
   *     fingerprinted to detect a key reused for another request
   * @param status the HTTP status the result is returned with, stored with it
   */
  public <T> CompletionStage<Outcome<T>> once(
      Stage.Session session,
      Optional<IdempotencyKey> key,
      UUID account,
      String request,
      int status,
      Class<T> type,
      Supplier<CompletionStage<T>> operation) {
    if (key.isEmpty()) {
      return operation.get().thenApply(v -> new Outcome<>(v, false));
    }
    String idempotencyKey = key.get().value();
    String fingerprint = fingerprint(request);
    return session
        .flush()
        .thenCompose(
            flushed ->
                session
                    .createNativeQuery(
                        "INSERT INTO idempotency_record (account_id, idempotency_key,"
                            + " request_fingerprint, status_code, response_body, created_at)"
                            + " VALUES (:account, :key, :fingerprint, 0, '', :now)"
                            + " ON CONFLICT DO NOTHING")
                    .setParameter("account", account)
                    .setParameter("key", idempotencyKey)
                    .setParameter("fingerprint", fingerprint)
                    .setParameter("now", clock.instant())
                    .executeUpdate())
        .thenCompose(
            claimed -> {
              if (claimed == 1) {
                return operation
                    .get()
                    .thenCompose(value -> store(session, account, idempotencyKey, status, value));
              }
              return replay(session, account, idempotencyKey, fingerprint, type);
            });
  }

  private <T> CompletionStage<Outcome<T>> store(
      Stage.Session session, UUID account, String key, int status, T value) {
    String body;
    try {
      body = json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return session
        .flush()
        .thenCompose(
            flushed ->
                session
                    .createNativeQuery(
                        "UPDATE idempotency_record SET status_code = :status, response_body = :body"
                            + " WHERE account_id = :account AND idempotency_key = :key")
                    .setParameter("status", status)
                    .setParameter("body", body)
                    .setParameter("account", account)
                    .setParameter("key", key)
                    .executeUpdate())
        .thenApply(n -> new Outcome<>(value, false));
  }

  private <T> CompletionStage<Outcome<T>> replay(
      Stage.Session session, UUID account, String key, String fingerprint, Class<T> type) {
    return session
        .createNativeQuery(
            "SELECT request_fingerprint, response_body FROM idempotency_record"
                + " WHERE account_id = :account AND idempotency_key = :key",
            Object[].class)
        .setParameter("account", account)
        .setParameter("key", key)
        .getSingleResult()
        .thenCompose(
            row -> {
              if (!fingerprint.equals(row[0])) {
                throw new XeniaException(
                        ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "this Idempotency-Key was used for a different request; use a new key")
                    .withFieldError(IdempotencyKey.HEADER, "already used for another request");
              }
              try {
                return CompletableFuture.completedFuture(
                    new Outcome<>(json.readValue((String) row[1], type), true));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  static String fingerprint(String request) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
