package io.xenia.broker.webhooks;

import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.images.FetchTargets;
import io.xenia.broker.images.ImagesConfig;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.broker.sessions.BrokerIdentity;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** An account's webhook endpoint (one per account), its deliveries, and the key that signs them. */
@Singleton
public final class WebhookService {
  private final Database database;
  private final FetchTargets targets;
  private final BrokerIdentity identity;
  private final Clock clock;

  WebhookService(Database database, ImagesConfig images, BrokerIdentity identity, Clock clock) {
    this.database = database;
    this.targets = new FetchTargets(images.allowPrivateUrls());
    this.identity = identity;
    this.clock = clock;
  }

  /** Registers or replaces the caller's endpoint after checking the URL (SSRF guard). */
  public CompletableFuture<WebhookEndpointView> set(Caller caller, SetWebhookEndpointRequest body) {
    caller.require(Scope.ORDERS_WRITE);
    URI url = checkedUrl(body == null ? null : body.url());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return database.inTransaction(
        s ->
            s.createNativeQuery(
                    "INSERT INTO webhook_endpoint (account_id, url, created_at, updated_at)"
                        + " VALUES (:a, :url, :now, :now) ON CONFLICT (account_id) DO UPDATE"
                        + " SET url = EXCLUDED.url, updated_at = EXCLUDED.updated_at")
                .setParameter("a", caller.accountId())
                .setParameter("url", url.toString())
                .setParameter("now", now)
                .executeUpdate()
                .thenCompose(n -> read(s, caller.accountId())));
  }

  public CompletableFuture<WebhookEndpointView> get(Caller caller) {
    caller.require(Scope.ORDERS_READ);
    return database.read(s -> read(s, caller.accountId()));
  }

  /** Removes the endpoint; pending deliveries then fail (nowhere to go). */
  public CompletableFuture<Void> delete(Caller caller) {
    caller.require(Scope.ORDERS_WRITE);
    return database.inTransaction(
        s ->
            s.createNativeQuery("DELETE FROM webhook_endpoint WHERE account_id = :a")
                .setParameter("a", caller.accountId())
                .executeUpdate()
                .thenAccept(
                    n -> {
                      if (n == 0) {
                        throw XeniaException.notFound("webhook endpoint");
                      }
                    }));
  }

  /** The caller's most recent deliveries, newest first. */
  public CompletableFuture<List<WebhookDeliveryView>> deliveries(Caller caller, int limit) {
    caller.require(Scope.ORDERS_READ);
    int n = Math.max(1, Math.min(limit, 200));
    return database.read(
        s ->
            s.createNativeQuery(
                    "SELECT id, event_type, status, attempts, created_at, delivered_at,"
                        + " next_attempt_at, last_error FROM webhook_delivery"
                        + " WHERE account_id = :a ORDER BY created_at DESC, id LIMIT "
                        + n,
                    Object[].class)
                .setParameter("a", caller.accountId())
                .getResultList()
                .thenApply(
                    rows ->
                        rows.stream()
                            .map(
                                r ->
                                    new WebhookDeliveryView(
                                        (UUID) r[0],
                                        (String) r[1],
                                        (String) r[2],
                                        ((Number) r[3]).intValue(),
                                        instant(r[4]),
                                        instant(r[5]),
                                        "pending".equals(r[2]) ? instant(r[6]) : null,
                                        (String) r[7]))
                            .toList()));
  }

  public SigningKeyView signingKey() {
    var key = identity.publicKey();
    return new SigningKeyView(
        "ed25519", key.toBase64Url(), key.toHex(), key.fingerprint(), WebhookEvent.RECORD_TYPE);
  }

  private URI checkedUrl(String text) {
    if (text == null || text.isBlank()) {
      throw XeniaException.invalidField("url", "is required");
    }
    URI url;
    try {
      url = new URI(text.strip());
    } catch (java.net.URISyntaxException e) {
      throw XeniaException.invalidField("url", "is not a URL: " + e.getReason());
    }
    if (url.getScheme() == null
        || !(url.getScheme().equals("https") || url.getScheme().equals("http"))
        || url.getHost() == null
        || url.getUserInfo() != null
        || url.getFragment() != null) {
      throw XeniaException.invalidField(
          "url", "must be an http(s) URL with a host, no user info and no fragment");
    }
    if (url.toString().length() > 2000) {
      throw XeniaException.invalidField("url", "must be at most 2000 characters");
    }
    try {
      targets.check(url);
    } catch (IllegalStateException e) {
      throw new XeniaException(ProblemType.WEBHOOK_URL_REFUSED, e.getMessage())
          .with("url", url.toString());
    }
    return url;
  }

  private static java.util.concurrent.CompletionStage<WebhookEndpointView> read(
      org.hibernate.reactive.stage.Stage.Session s, UUID account) {
    return s.createNativeQuery(
            "SELECT url, created_at, updated_at FROM webhook_endpoint WHERE account_id = :a",
            Object[].class)
        .setParameter("a", account)
        .getResultList()
        .thenApply(
            rows -> {
              if (rows.isEmpty()) {
                throw XeniaException.notFound("webhook endpoint");
              }
              Object[] r = rows.get(0);
              return new WebhookEndpointView((String) r[0], instant(r[1]), instant(r[2]));
            });
  }

  static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.LocalDateTime l) {
      return l.toInstant(java.time.ZoneOffset.UTC);
    }
    throw new IllegalStateException("unexpected timestamp " + value.getClass());
  }
}
