package io.xenia.dht.internal;

import io.xenia.dht.NodeId;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.transport.Scheduler;
import io.xenia.dht.transport.Transport;
import io.xenia.dht.wire.Request;
import io.xenia.dht.wire.Response;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Sends requests and matches responses to them: random 64-bit request ids, a timeout per attempt, a
 * fixed number of retries, then failure. At most {@link #MAX_IN_FLIGHT_PER_PEER} requests are
 * outstanding per peer address; further ones wait in a FIFO queue for that address and leave (and
 * start their timeout) as earlier ones complete, so a burst (hundreds of publishes at once) is
 * absorbed instead of overflowing the peer's socket and event loop, timing out and failing.
 *
 * <p>Not thread-safe: owned by the node's thread (the transport delivers responses there and timers
 * fire there).
 */
final class RpcClient {
  /** What the caller learns about one request. */
  interface Callback {
    /** The response from the authenticated sender, and the round trip of the answered attempt. */
    void onResponse(PeerAddress from, Response response, long rttNanos);

    /** No matching response after every retry. */
    void onFailure();
  }

  /** Requests outstanding per peer address; more wait in order. */
  static final int MAX_IN_FLIGHT_PER_PEER = 8;

  private final Transport transport;
  private final Scheduler scheduler;
  private final Counters counters;
  private final Random random;
  private final long timeoutNanos;
  private final int retries;
  private Map<Long, Pending> pending;
  private final Map<InetSocketAddress, Lane> lanes = new HashMap<>();

  /** One peer address's requests: how many are outstanding and those waiting to leave. */
  private static final class Lane {
    int inFlight;
    final java.util.ArrayDeque<Pending> waiting = new java.util.ArrayDeque<>();
  }

  RpcClient(
      Transport transport,
      Scheduler scheduler,
      Counters counters,
      Random random,
      long timeoutNanos,
      int retries) {
    this.transport = transport;
    this.scheduler = scheduler;
    this.counters = counters;
    this.random = random;
    this.timeoutNanos = timeoutNanos;
    this.retries = retries;
  }

  /**
   * Sends a request built from a fresh request id.
   *
   * @param expected the id believed to live at the address, or null (a seed); a response from
   *     anyone else is ignored
   */
  void call(
      InetSocketAddress to,
      NodeId expected,
      LongFunction<Request> request,
      CallStats stats,
      Callback callback) {
    long id = random.nextLong();
    if (pending == null) {
      pending = new HashMap<>();
    }
    Pending p = new Pending(id, to, expected, request.apply(id), stats, callback);
    pending.put(id, p);
    stats.sent(expected);
    Lane lane = lanes.computeIfAbsent(to, a -> new Lane());
    if (lane.inFlight < MAX_IN_FLIGHT_PER_PEER) {
      lane.inFlight++;
      attempt(p);
    } else {
      lane.waiting.add(p);
    }
  }

  /** A request to the address completed (answered or failed): the next waiting one leaves. */
  private void release(InetSocketAddress to) {
    Lane lane = lanes.get(to);
    if (lane == null) {
      return;
    }
    lane.inFlight--;
    while (lane.inFlight < MAX_IN_FLIGHT_PER_PEER && !lane.waiting.isEmpty()) {
      Pending next = lane.waiting.poll();
      if (pending != null && pending.get(next.id) == next) {
        lane.inFlight++;
        attempt(next);
      }
    }
    if (lane.inFlight == 0 && lane.waiting.isEmpty()) {
      lanes.remove(to);
    }
  }

  private void attempt(Pending p) {
    p.sentAtNanos = scheduler.nanoTime();
    counters.requestsSent.incrementAndGet();
    transport.send(p.to, p.expected, p.request);
    p.timer = scheduler.schedule(timeoutNanos, () -> timedOut(p));
  }

  private void timedOut(Pending p) {
    if (pending == null || pending.get(p.id) != p) {
      return;
    }
    if (p.attempts < retries) {
      p.attempts++;
      p.stats.resent();
      attempt(p);
      return;
    }
    pending.remove(p.id);
    counters.timeouts.incrementAndGet();
    p.stats.failed();
    release(p.to);
    p.callback.onFailure();
  }

  /** Hands a response to its caller; unmatched or misaddressed responses are dropped. */
  void onResponse(InetSocketAddress from, NodeId sender, Response response) {
    Pending p = pending == null ? null : pending.get(response.requestId());
    if (p == null || (p.expected != null && !p.expected.equals(sender))) {
      return;
    }
    pending.remove(p.id);
    p.timer.cancel();
    p.stats.received();
    release(p.to);
    p.callback.onResponse(
        new PeerAddress(sender, from), response, scheduler.nanoTime() - p.sentAtNanos);
  }

  /** Fails every outstanding request (on close). */
  void failAll() {
    if (pending == null) {
      return;
    }
    Map<Long, Pending> all = pending;
    pending = null;
    lanes.clear();
    for (Pending p : all.values()) {
      if (p.timer != null) {
        p.timer.cancel();
      }
      p.callback.onFailure();
    }
  }

  private static final class Pending {
    final long id;
    final InetSocketAddress to;
    final NodeId expected;
    final Request request;
    final CallStats stats;
    final Callback callback;
    int attempts;
    long sentAtNanos;
    Scheduler.Cancellable timer;

    Pending(
        long id,
        InetSocketAddress to,
        NodeId expected,
        Request request,
        CallStats stats,
        Callback callback) {
      this.id = id;
      this.to = to;
      this.expected = expected;
      this.request = request;
      this.stats = stats;
      this.callback = callback;
    }
  }
}
