package io.xenia.broker.sessions;

import io.xenia.broker.hosts.ControlEndpoint;
import io.xenia.broker.sessions.OfferCandidates.ReachableHost;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one lifecycle event stream open to every host that holds a live session (admitted,
 * provisioning, running), so the broker learns at once that a machine came up or was taken back,
 * instead of at its next status poll. The polls stay as the safety net (a lost stream, a host that
 * cannot stream): streams only make things faster, never different.
 *
 * <p>{@link #follow} opens a stream as soon as a host admits a session; {@link #refresh}, called on
 * a timer, opens the missing ones (after a broker restart, or after a stream ended and its back-off
 * passed) and closes those whose host holds no live session any more. A stream resumes after the
 * last event it delivered, so nothing between a cut and the reconnect is missed while the host
 * still retains it.
 */
final class HostEventFeeds implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostEventFeeds.class);

  private final HostControlClient hosts;
  private final BiConsumer<UUID, HostEvent> onEvent;
  private final HostEventsConfig config;
  private final Clock clock;
  private final Map<UUID, Feed> feeds = new ConcurrentHashMap<>();
  private volatile boolean closed;

  HostEventFeeds(
      HostControlClient hosts,
      BiConsumer<UUID, HostEvent> onEvent,
      HostEventsConfig config,
      Clock clock) {
    this.hosts = hosts;
    this.onEvent = onEvent;
    this.config = config;
    this.clock = clock;
  }

  /** One host's stream: where it got to, and when it may be opened again after it ended. */
  private final class Feed implements HostEventStream.Listener {
    final UUID hostId;
    final ControlEndpoint endpoint;
    volatile long lastSequence;
    volatile HostEventStream stream; // null while ended
    volatile Instant retryAt = Instant.MIN;
    volatile int failures;

    Feed(UUID hostId, ControlEndpoint endpoint) {
      this.hostId = hostId;
      this.endpoint = endpoint;
    }

    synchronized void open() {
      if (stream == null && !closed && !clock.instant().isBefore(retryAt)) {
        stream = hosts.events(endpoint, lastSequence, this);
      }
    }

    @Override
    public void event(HostEvent e) {
      failures = 0;
      if (e.sequence() > lastSequence) {
        lastSequence = e.sequence();
      }
      try {
        onEvent.accept(hostId, e);
      } catch (RuntimeException failed) {
        LOG.warn("event {} of host {}: {}", e, hostId, failed.toString());
      }
    }

    @Override
    public void ended(Optional<Throwable> cause) {
      synchronized (this) {
        stream = null;
        // Back off 1×, 2×, 4× … the reconnect delay (at most 32×) while the host keeps failing.
        int f = Math.min(failures, 5);
        failures = cause.isPresent() ? failures + 1 : 0;
        retryAt = clock.instant().plus(config.reconnectDelay().multipliedBy(1L << f));
      }
      cause.ifPresent(c -> LOG.debug("event stream of host {} ended: {}", hostId, c.toString()));
    }

    synchronized void close() {
      HostEventStream s = stream;
      stream = null;
      if (s != null) {
        s.close();
      }
    }
  }

  /** Makes sure the host's stream is open (a new admission there). */
  void follow(ReachableHost host) {
    if (closed || !config.enabled()) {
      return;
    }
    Feed feed =
        feeds.compute(
            host.id(),
            (id, old) -> {
              if (old != null && old.endpoint.equals(host.endpoint())) {
                return old;
              }
              if (old != null) {
                old.close(); // the host moved its control endpoint: follow the new one
              }
              return new Feed(id, host.endpoint());
            });
    try {
      feed.open();
    } catch (RuntimeException e) {
      feed.ended(Optional.of(e));
    }
  }

  /**
   * Reconciles the open streams with {@code live}, the hosts that hold a live session now, each
   * with its current control endpoint.
   */
  void refresh(Map<UUID, ReachableHost> live) {
    for (ReachableHost host : live.values()) {
      follow(host);
    }
    for (var entry : feeds.entrySet()) {
      if (!live.containsKey(entry.getKey())) {
        feeds.remove(entry.getKey()).close();
      }
    }
  }

  /** The hosts followed now (for tests and the docs' figures). */
  Set<UUID> followed() {
    return Set.copyOf(feeds.keySet());
  }

  @Override
  public void close() {
    closed = true;
    feeds.values().forEach(Feed::close);
    feeds.clear();
  }
}
