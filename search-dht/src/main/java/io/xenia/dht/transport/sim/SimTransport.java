package io.xenia.dht.transport.sim;

import io.xenia.dht.NodeId;
import io.xenia.dht.transport.Scheduler;
import io.xenia.dht.transport.Transport;
import io.xenia.dht.wire.Message;
import java.net.InetSocketAddress;

/**
 * One node's endpoint in a {@link SimNetwork}: its transport and, through {@link #scheduler()}, its
 * thread and clock. Killing it ({@link #kill()} or closing the node) drops its messages and timers,
 * as a crashed process would. Not thread-safe, like the network.
 */
public final class SimTransport implements Transport {
  private final SimNetwork network;
  private final NodeId id;
  private final InetSocketAddress address;
  final double x;
  final double y;
  final double access;
  private Receiver receiver;
  private boolean alive = true;
  private final Scheduler scheduler = new SimScheduler();

  SimTransport(
      SimNetwork network, NodeId id, InetSocketAddress address, double x, double y, double access) {
    this.network = network;
    this.id = id;
    this.address = address;
    this.x = x;
    this.y = y;
    this.access = access;
  }

  /** The node's scheduler: virtual time, tasks run by the network's thread. */
  public Scheduler scheduler() {
    return scheduler;
  }

  NodeId id() {
    return id;
  }

  @Override
  public InetSocketAddress localAddress() {
    return address;
  }

  @Override
  public void send(InetSocketAddress to, NodeId expectedPeer, Message message) {
    network.send(this, to, message);
  }

  @Override
  public void receiver(Receiver receiver) {
    this.receiver = receiver;
  }

  void deliver(InetSocketAddress from, NodeId sender, Object message) {
    if (receiver != null) {
      receiver.receive(from, sender, (Message) message);
    }
  }

  /** True until killed or closed. */
  public boolean isAlive() {
    return alive;
  }

  /** Crashes the endpoint: from now on nothing reaches it and nothing it scheduled runs. */
  public void kill() {
    alive = false;
  }

  @Override
  public void close() {
    kill();
  }

  private final class SimScheduler implements Scheduler {
    @Override
    public long nanoTime() {
      return network.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
      return SimNetwork.EPOCH_MILLIS + network.nanoTime() / 1_000_000;
    }

    @Override
    public void execute(Runnable task) {
      network.at(network.nanoTime(), SimTransport.this, task);
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
      SimNetwork.Event event = network.at(network.nanoTime() + delayNanos, SimTransport.this, task);
      return () -> event.cancelled = true;
    }

    @Override
    public boolean inOwnThread() {
      return true;
    }
  }
}
