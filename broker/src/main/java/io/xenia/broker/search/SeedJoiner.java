package io.xenia.broker.search;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the search network through {@code xenia.search.seeds} in the background, and joins again
 * whenever the node knows no peers: a failed attempt waits {@code join-retry-min-backoff}, doubling
 * up to {@code join-retry-max-backoff}; once joined it looks every max-backoff whether the routing
 * table has emptied. A failure is logged once per backoff step (when the wait changes), not on
 * every try. Without seeds (the first node of a network) it does nothing.
 *
 * <p>Threading: attempts run on this bean's own thread (never the node's event loop, which the
 * blocking wait would stall); {@link #status()} may be read from any thread.
 */
@Context
@Singleton
@Requires(property = SearchNetworkFactory.ENABLED, notEquals = "false")
public final class SeedJoiner {
  private static final Logger LOG = LoggerFactory.getLogger(SeedJoiner.class);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(2);

  /**
   * What the joiner has seen so far.
   *
   * @param seeds the configured seeds
   * @param attempts join attempts made
   * @param failures attempts since the last success that found no peer
   * @param joined whether the last attempt found peers
   * @param lastFailure why the last attempt failed, if the last attempt failed
   * @param nextAttempt when it tries again, if it is waiting to retry
   */
  public record Status(
      List<InetSocketAddress> seeds,
      int attempts,
      int failures,
      boolean joined,
      String lastFailure,
      Instant nextAttempt) {}

  private final SearchNetwork network;
  private final Clock clock;
  private final Duration maxBackoff;
  // Only touched on the joiner thread.
  private final Backoff backoff;
  private Duration lastLoggedWait;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread t = new Thread(task, "dht-seed-joiner");
            t.setDaemon(true);
            return t;
          });
  private volatile Status status;

  SeedJoiner(SearchNetwork network, SearchConfig config, Clock clock) {
    this.network = network;
    this.clock = clock;
    this.maxBackoff = config.joinRetryMaxBackoff();
    this.backoff = new Backoff(config.joinRetryMinBackoff(), config.joinRetryMaxBackoff());
    this.status = new Status(network.seeds(), 0, 0, false, null, null);
  }

  @PostConstruct
  void start() {
    if (!network.seeds().isEmpty()) {
      schedule(this::attempt, Duration.ZERO);
    }
  }

  /** A snapshot of the joiner's progress. */
  public Status status() {
    return status;
  }

  private void attempt() {
    Status before = status;
    String failure;
    try {
      int table = network.join().get(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (table > 0) {
        backoff.reset();
        lastLoggedWait = null;
        status = new Status(before.seeds(), before.attempts() + 1, 0, true, null, null);
        LOG.info(
            "joined the search network through {}: {} peers in the routing table (attempt {})",
            seedList(),
            table,
            before.attempts() + 1);
        schedule(this::watch, maxBackoff);
        return;
      }
      failure = "no seed answered (or admitted this node)";
    } catch (ExecutionException e) {
      failure = String.valueOf(e.getCause());
    } catch (TimeoutException e) {
      failure = "the join did not finish within " + ATTEMPT_TIMEOUT;
    } catch (CancellationException e) {
      return; // shutting down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Duration wait = backoff.failed();
    status =
        new Status(
            before.seeds(),
            before.attempts() + 1,
            before.failures() + 1,
            false,
            failure,
            clock.instant().plus(wait));
    if (!wait.equals(lastLoggedWait)) {
      lastLoggedWait = wait;
      LOG.warn(
          "could not join the search network through {}: {}; retrying in {}{}",
          seedList(),
          failure,
          text(wait),
          wait.equals(maxBackoff)
              ? ", then every " + text(wait) + " without logging each try"
              : "");
    } else {
      LOG.debug("join attempt {} failed: {}", before.attempts() + 1, failure);
    }
    schedule(this::attempt, wait);
  }

  /** Once joined: join again if every peer has gone. */
  private void watch() {
    if (network.node().metrics().routingTableSize() == 0) {
      LOG.warn("the search DHT node has lost every peer; joining again through {}", seedList());
      Status s = status;
      status = new Status(s.seeds(), s.attempts(), s.failures(), false, "lost every peer", null);
      attempt();
    } else {
      schedule(this::watch, maxBackoff);
    }
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down.
    }
  }

  /** 200ms, 4s, 1m30s: the way the settings are written. */
  static String text(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    long seconds = d.toSeconds();
    return seconds < 60
        ? seconds + "s"
        : seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
  }

  private String seedList() {
    return network.seeds().stream().map(HostPorts::format).collect(Collectors.joining(", "));
  }

  @PreDestroy
  void stop() {
    thread.shutdownNow();
  }
}
