package io.xenia.dht.transport.sim;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A deterministic discrete-event network: thousands of DHT nodes in one JVM, one thread, virtual
 * time. Each node gets a {@link SimTransport} and a scheduler view; messages are delivered as
 * objects after a latency drawn from a synthetic geometry (so Vivaldi has real structure to learn),
 * in an order fixed by the seed.
 *
 * <p>Authentication is the network's: a message arrives with the id of the endpoint that sent it,
 * which no simulated node can forge, so the simulator runs in open mode without cryptographic
 * handshakes (entries are still signed and verified).
 *
 * <p><b>Not thread-safe.</b> One thread creates nodes, calls them and drives time with {@link
 * #runFor} or {@link #await}; node callbacks run inside those calls.
 */
public final class SimNetwork {
  /** Virtual wall-clock time at start: 2026-01-01T00:00:00Z. */
  public static final long EPOCH_MILLIS = 1_767_225_600_000L;

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<InetSocketAddress, SimTransport> endpoints = new HashMap<>();
  private final Random random;
  private long nowNanos;
  private long sequence;
  private long delivered;
  private long dropped;
  private double lossRate;

  /** A network whose every random choice (latency, jitter, loss) follows the seed. */
  public SimNetwork(long seed) {
    this.random = new Random(seed);
  }

  /** Adds an endpoint for the node with this id at a fresh synthetic address. */
  public SimTransport join(NodeId id) {
    requireNonNull(id, "id is null");
    int n = endpoints.size() + 1;
    InetSocketAddress address;
    try {
      address =
          new InetSocketAddress(
              InetAddress.getByAddress(
                  new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}),
              7000);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4-byte address is always valid", e);
    }
    // A point in a 100 ms x 100 ms plane plus an access link of 1-5 ms.
    SimTransport transport =
        new SimTransport(
            this,
            id,
            address,
            random.nextDouble() * 100,
            random.nextDouble() * 100,
            1 + random.nextDouble() * 4);
    endpoints.put(address, transport);
    return transport;
  }

  /** Drops this fraction (0..1) of all messages from now on. */
  public void lossRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("loss rate must be in [0, 1]");
    }
    this.lossRate = rate;
  }

  /** Virtual nanoseconds since start. */
  public long nanoTime() {
    return nowNanos;
  }

  /**
   * The network's virtual wall clock (UTC, {@link #EPOCH_MILLIS} plus virtual time), for code that
   * takes a {@link java.time.Clock} and must agree with the simulated nodes' clocks. Read it from
   * the simulator's thread.
   */
  public java.time.Clock clock() {
    SimNetwork network = this;
    return new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC");
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(EPOCH_MILLIS + network.nanoTime() / 1_000_000);
      }
    };
  }

  /** Messages delivered so far. */
  public long delivered() {
    return delivered;
  }

  /** Messages dropped (to dead endpoints or by the loss rate). */
  public long dropped() {
    return dropped;
  }

  /** Live endpoints. */
  public int size() {
    int live = 0;
    for (SimTransport t : endpoints.values()) {
      live += t.isAlive() ? 1 : 0;
    }
    return live;
  }

  /** The true round-trip time between two endpoints, in milliseconds, without jitter. */
  public double baseRttMillis(InetSocketAddress a, InetSocketAddress b) {
    return 2 * oneWayMillis(endpoints.get(a), endpoints.get(b));
  }

  private static double oneWayMillis(SimTransport a, SimTransport b) {
    double dx = a.x - b.x;
    double dy = a.y - b.y;
    return (Math.sqrt(dx * dx + dy * dy) + a.access + b.access) / 2;
  }

  void send(SimTransport from, InetSocketAddress to, Object message) {
    SimTransport target = endpoints.get(to);
    if (target == null || !target.isAlive() || !from.isAlive()) {
      dropped++;
      return;
    }
    if (lossRate > 0 && random.nextDouble() < lossRate) {
      dropped++;
      return;
    }
    double jitter = 1 + (random.nextDouble() - 0.5) * 0.1;
    long delay = (long) (oneWayMillis(from, target) * jitter * 1_000_000);
    at(
        nowNanos + delay,
        target,
        () -> {
          delivered++;
          target.deliver(from.localAddress(), from.id(), message);
        });
  }

  Event at(long atNanos, SimTransport owner, Runnable task) {
    Event event = new Event(Math.max(atNanos, nowNanos), sequence++, owner, task);
    queue.add(event);
    return event;
  }

  /** Runs events until virtual time has advanced by {@code duration}. */
  public void runFor(Duration duration) {
    long end = nowNanos + duration.toNanos();
    while (!queue.isEmpty() && queue.peek().at <= end) {
      step();
    }
    nowNanos = Math.max(nowNanos, end);
  }

  /** Runs events until the condition holds; fails after {@code limit} of virtual time. */
  public void runUntil(BooleanSupplier condition, Duration limit) {
    long end = nowNanos + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (queue.isEmpty() || queue.peek().at > end) {
        throw new IllegalStateException("condition not reached within " + limit + " virtual");
      }
      step();
    }
  }

  /** Runs events until the future completes (at most ten virtual minutes), then returns it. */
  public <T> T await(CompletableFuture<T> future) {
    runUntil(future::isDone, Duration.ofMinutes(10));
    return future.join();
  }

  private void step() {
    Event event = queue.poll();
    nowNanos = event.at;
    if (!event.cancelled && (event.owner == null || event.owner.isAlive())) {
      event.task.run();
    }
  }

  /** A scheduled task; cancellation leaves it in the queue to be skipped. */
  static final class Event {
    final long at;
    final long seq;
    final SimTransport owner;
    final Runnable task;
    boolean cancelled;

    Event(long at, long seq, SimTransport owner, Runnable task) {
      this.at = at;
      this.seq = seq;
      this.owner = owner;
      this.task = task;
    }
  }
}
