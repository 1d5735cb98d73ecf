package io.xenia.broker.webhooks;

import io.micronaut.scheduling.annotation.Scheduled;
import io.xenia.broker.images.FetchTargets;
import io.xenia.broker.images.ImagesConfig;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.sessions.BrokerIdentity;
import io.xenia.protocol.signing.RecordSignature;
import io.xenia.protocol.signing.SignedEnvelope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox ({@link Outbox}): every {@code xenia.webhooks.dispatch-interval} it takes the
 * due rows ({@code FOR UPDATE SKIP LOCKED}: brokers sharing a database split them), pushes each
 * ahead by {@code lease} and counts the attempt in that same short transaction, then POSTs the
 * signed event to the account's endpoint outside any transaction. A 2xx answer marks it {@code
 * delivered}; anything else (an error status, a refused or timed-out connection, an endpoint now
 * resolving to a private address) schedules the next attempt by {@link Backoff}, or gives up
 * ({@code failed}) after {@code max-attempts}. Delivery is at least once: a receiver de-duplicates
 * by the event id. Redirects are not followed (each hop would need the SSRF check).
 */
@Singleton
public final class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 50;

  private final Database database;
  private final BrokerIdentity identity;
  private final WebhooksConfig config;
  private final FetchTargets targets;
  private final Clock clock;
  private final HttpClient http;
  private final ExecutorService executor;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean closed;

  WebhookDispatcher(
      Database database,
      BrokerIdentity identity,
      WebhooksConfig config,
      ImagesConfig images,
      Clock clock) {
    this.database = database;
    this.identity = identity;
    this.config = config;
    this.targets = new FetchTargets(images.allowPrivateUrls());
    this.clock = clock;
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "webhook-dispatch");
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  /** The signed envelope of an event's canonical bytes, as delivered. */
  public SignedEnvelope sign(byte[] event) {
    return SignedEnvelope.of(
        SignedEnvelope.VERSION,
        WebhookEvent.RECORD_TYPE,
        event,
        List.of(
            new RecordSignature(
                identity.publicKey(),
                identity
                    .signingKey()
                    .sign(SignedEnvelope.signingInput(WebhookEvent.RECORD_TYPE, event)))));
  }

  private record Due(UUID id, String type, byte[] event, int attempts, String url) {}

  @Scheduled(
      fixedDelay = "${xenia.webhooks.dispatch-interval:500ms}",
      initialDelay = "${xenia.webhooks.dispatch-interval:500ms}")
  void sweep() {
    if (closed || !running.compareAndSet(false, true)) {
      return;
    }
    try {
      dispatchDue().join();
    } catch (RuntimeException e) {
      LOG.warn("webhook dispatch failed; the next sweep retries", e);
    } finally {
      running.set(false);
    }
  }

  /**
   * Delivers what is due now.
   *
   * @return how many were delivered
   */
  public CompletableFuture<Integer> dispatchDue() {
    return take()
        .thenCompose(
            due -> {
              List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
              for (Due d : due) {
                attempts.add(deliver(d));
              }
              return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                  .thenApply(v -> (int) attempts.stream().filter(CompletableFuture::join).count());
            });
  }

  private CompletableFuture<List<Due>> take() {
    Instant now = clock.instant();
    return database.inTransaction(
        s ->
            s.createNativeQuery(
                    "SELECT d.id, d.event_type, d.event, d.attempts, e.url FROM webhook_delivery d"
                        + " LEFT JOIN webhook_endpoint e ON e.account_id = d.account_id"
                        + " WHERE d.status = 'pending' AND d.next_attempt_at <= :now"
                        + " ORDER BY d.next_attempt_at LIMIT "
                        + BATCH
                        + " FOR UPDATE OF d SKIP LOCKED",
                    Object[].class)
                .setParameter("now", now)
                .getResultList()
                .thenCompose(
                    rows -> {
                      List<Due> due = new ArrayList<>();
                      List<UUID> ids = new ArrayList<>();
                      for (Object[] r : rows) {
                        ids.add((UUID) r[0]);
                        due.add(
                            new Due(
                                (UUID) r[0],
                                (String) r[1],
                                (byte[]) r[2],
                                ((Number) r[3]).intValue() + 1,
                                (String) r[4]));
                      }
                      if (ids.isEmpty()) {
                        return CompletableFuture.completedFuture(due);
                      }
                      return s.createNativeQuery(
                              "UPDATE webhook_delivery SET attempts = attempts + 1,"
                                  + " next_attempt_at = :lease WHERE id IN (:ids)")
                          .setParameter("lease", now.plus(config.lease()))
                          .setParameter("ids", ids)
                          .executeUpdate()
                          .thenApply(n -> due);
                    }));
  }

  private CompletableFuture<Boolean> deliver(Due d) {
    if (d.url() == null) {
      return record(d, false, "the account has no webhook endpoint any more", true);
    }
    HttpRequest request;
    try {
      URI url = URI.create(d.url());
      targets.check(url); // again at delivery: the name may resolve elsewhere now
      request =
          HttpRequest.newBuilder(url)
              .timeout(config.timeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "xenia-broker-webhooks/1")
              .header("Xenia-Webhook-Id", d.id().toString())
              .header("Xenia-Webhook-Type", d.type())
              .header("Xenia-Webhook-Attempt", Integer.toString(d.attempts()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(sign(d.event()).toJson()))
              .build();
    } catch (RuntimeException e) {
      return record(d, false, e.getMessage(), false);
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                return record(d, false, String.valueOf(failure.getMessage()), false);
              }
              int status = response.statusCode();
              return record(d, status / 100 == 2, "the endpoint answered " + status, false);
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<Boolean> record(
      Due d, boolean delivered, String error, boolean giveUp) {
    Instant now = clock.instant();
    boolean failed = !delivered && (giveUp || config.backoff().givesUpAfter(d.attempts()));
    if (!delivered) {
      LOG.info(
          "webhook {} ({}) attempt {} failed{}: {}",
          d.id(),
          d.type(),
          d.attempts(),
          failed ? ", given up" : "",
          error);
    }
    return database
        .inTransaction(
            s ->
                delivered
                    ? s.createNativeQuery(
                            "UPDATE webhook_delivery SET status = 'delivered', delivered_at = :now,"
                                + " last_error = NULL WHERE id = :id")
                        .setParameter("id", d.id())
                        .setParameter("now", now)
                        .executeUpdate()
                    : s.createNativeQuery(
                            "UPDATE webhook_delivery SET status = :status, last_error = :error,"
                                + " next_attempt_at = :next WHERE id = :id")
                        .setParameter("id", d.id())
                        .setParameter("status", failed ? "failed" : "pending")
                        .setParameter("error", truncate(error))
                        .setParameter("next", now.plus(config.backoff().after(d.attempts())))
                        .executeUpdate())
        .thenApply(n -> delivered);
  }

  private static String truncate(String error) {
    String e = error == null ? "unknown" : error;
    return e.length() > 500 ? e.substring(0, 500) : e;
  }

  /**
   * Stops dispatching. The database work of a pass in progress has already finished by now ({@code
   * QuiesceOnShutdown} runs before beans are destroyed); an attempt cut short stays pending with
   * its lease and is retried by the next broker.
   */
  @PreDestroy
  void close() {
    closed = true;
    executor.shutdownNow();
  }
}
