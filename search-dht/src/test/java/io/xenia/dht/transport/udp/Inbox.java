package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.transport.Transport.Receiver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A receiver that queues what arrives, and remembers whether it ran on the node thread. */
final class Inbox implements Receiver {
  private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
  private final EventLoopScheduler scheduler;
  volatile boolean offThread;

  Inbox(UdpTransport transport) {
    this.scheduler = transport.scheduler();
    transport.receiver(this);
  }

  @Override
  public void receive(
      java.net.InetSocketAddress from, io.xenia.dht.NodeId sender, io.xenia.dht.wire.Message m) {
    if (!scheduler.inOwnThread()) {
      offThread = true;
    }
    queue.add(new Delivery(from, sender, m));
  }

  /** The next delivery, failing after five seconds. */
  Delivery take() throws InterruptedException {
    Delivery d = queue.poll(5, TimeUnit.SECONDS);
    assertNotNull(d, "nothing arrived within 5 s");
    return d;
  }

  /** The next delivery within the timeout, or null. */
  Delivery poll(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  /** Asserts nothing arrives within {@code millis}. */
  void assertQuiet(long millis) throws InterruptedException {
    Delivery d = queue.poll(millis, TimeUnit.MILLISECONDS);
    assertTrue(d == null, () -> "unexpected delivery " + d);
  }
}
