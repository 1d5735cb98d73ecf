package io.xenia.dht.transport.udp;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.xenia.dht.transport.Scheduler;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on one Netty event loop thread: the node's single owning thread. A {@link
 * UdpTransport} built with this scheduler registers its sockets on the same loop, so inbound
 * messages reach the node without a thread hop and the node core needs no locks.
 *
 * <p>Thread-safe: {@link #execute} and {@link #schedule} may be called from any thread. {@link
 * #close()} stops the thread (and with it every channel on it); call it last.
 */
public final class EventLoopScheduler implements Scheduler, AutoCloseable {
  private final EventLoopGroup group;
  private final EventLoop loop;

  private EventLoopScheduler(EventLoopGroup group) {
    this.group = group;
    this.loop = group.next();
  }

  /** Starts a new event loop thread named {@code threadName}. */
  public static EventLoopScheduler start(String threadName) {
    requireNonNull(threadName, "threadName is null");
    return new EventLoopScheduler(
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory(threadName, true), NioIoHandler.newFactory()));
  }

  /** The loop, for registering channels on it. */
  EventLoop eventLoop() {
    return loop;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(requireNonNull(task, "task is null"));
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    requireNonNull(task, "task is null");
    var future = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public boolean inOwnThread() {
    return loop.inEventLoop();
  }

  /** Stops the thread after running what is already queued; waits up to two seconds. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
