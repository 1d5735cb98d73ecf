package io.xenia.broker.sessions;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.xenia.broker.persistence.DatabaseConfig;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In {@code metered} charging: listens for the billing service's {@code NOTIFY xenia_order_overrun,
 * '<purchase order id>'}, sent in the transaction that charged an order beyond what it held
 * (docs/billing.md "The contract with the broker"), and at once runs the funds decision for that
 * order's open-ended sessions ({@link SessionService#keepOpenEndedHeld(Optional, Duration)} — the
 * funds sweep's own code, restricted to the order: pause with grace at the host, or end {@code
 * funds-exhausted}), instead of waiting for the next sweep.
 *
 * <p>One PostgreSQL connection of its own ({@link PgSubscriber}, on a one-thread Vert.x instance of
 * its own, with {@code xenia.database}'s settings), reconnected every second after it drops. A
 * notification sent while it was down is lost, which costs only time: the periodic sweep makes the
 * same decision. Notifications for an order whose decision is already queued are folded into it;
 * one arriving while its decision runs queues another (it may have read before that charge).
 */
@Context
@Requires(property = "xenia.sessions.charging", value = "metered")
final class OrderOverrunListener {
  static final String CHANNEL = "xenia_order_overrun";
  private static final Logger LOG = LoggerFactory.getLogger(OrderOverrunListener.class);
  private static final long RETRY_MILLIS = 1000;

  private final SessionService sessions;
  private final Duration margin;
  private final Vertx vertx;
  private final PgSubscriber subscriber;
  // Orders whose decision is queued and not started yet.
  private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  OrderOverrunListener(
      SessionService sessions,
      DatabaseConfig database,
      @Value("${xenia.sessions.expiry-sweep-interval:5s}") Duration sweepInterval) {
    this.sessions = sessions;
    // The funds sweep's margin: two sweeps.
    this.margin = sweepInterval.multipliedBy(2);
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    this.subscriber = PgSubscriber.subscriber(vertx, connectOptions(database));
    subscriber.reconnectPolicy(retries -> closing ? -1L : RETRY_MILLIS);
    subscriber
        .channel(CHANNEL)
        .subscribeHandler(v -> LOG.info("listening for {} (billing's overruns)", CHANNEL))
        .exceptionHandler(e -> LOG.warn("{}: {}", CHANNEL, e.toString()))
        .handler(this::overrun);
    subscriber.closeHandler(
        v -> {
          if (!closing) {
            LOG.warn("the {} connection closed; reconnecting", CHANNEL);
            connectLater();
          }
        });
    connect();
  }

  /** {@code xenia.database.url} is a JDBC URL; the Vert.x client takes the same without "jdbc:". */
  static PgConnectOptions connectOptions(DatabaseConfig database) {
    String url = database.url();
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "xenia.database.url must be a jdbc:postgresql:// URL: " + url);
    }
    return PgConnectOptions.fromUri(url.substring("jdbc:".length()))
        .setUser(database.user())
        .setPassword(database.password())
        .setReconnectAttempts(0);
  }

  private void connect() {
    subscriber
        .connect()
        .onFailure(
            e -> {
              if (!closing) {
                LOG.warn("cannot listen for {} yet ({}); retrying", CHANNEL, e.toString());
                connectLater();
              }
            });
  }

  private void connectLater() {
    vertx.setTimer(
        RETRY_MILLIS,
        t -> {
          if (!closing && subscriber.closed()) {
            connect();
          }
        });
  }

  /** On the Vert.x event loop: never blocks; the decision runs on the database's own threads. */
  private void overrun(String payload) {
    UUID order;
    try {
      order = UUID.fromString(payload.trim());
    } catch (IllegalArgumentException e) {
      LOG.warn("{} with a payload that is no purchase order id: '{}'", CHANNEL, payload);
      return;
    }
    if (closing || !queued.add(order)) {
      return;
    }
    long t0 = System.nanoTime();
    sessions
        .workers()
        .execute(
            () -> {
              queued.remove(order);
              try {
                var funds = sessions.keepOpenEndedHeld(Optional.of(order), margin).join();
                sessions.tellHosts(funds);
                LOG.info(
                    "billing charged purchase order {} beyond its holds: {} session(s) paused, {}"
                        + " ended funds-exhausted, {} still paused ({} ms)",
                    order,
                    funds.paused().size(),
                    funds.ended().size(),
                    funds.stillPaused().size(),
                    (System.nanoTime() - t0) / 1_000_000);
              } catch (RuntimeException e) {
                LOG.warn(
                    "the funds decision for purchase order {} after an overrun failed; the next"
                        + " sweep decides",
                    order,
                    e);
              }
            });
  }

  @PreDestroy
  void close() {
    closing = true;
    subscriber.close();
    vertx.close();
  }
}
