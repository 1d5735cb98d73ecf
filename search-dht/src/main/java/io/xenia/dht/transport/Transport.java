package io.xenia.dht.transport;

import io.xenia.dht.NodeId;
import io.xenia.dht.wire.Message;
import java.net.InetSocketAddress;

/**
 * Carries messages between nodes and authenticates who sent them.
 *
 * <p>Contract: {@link #send} never blocks and never throws for delivery problems (a lost message is
 * the requester's timeout to handle); inbound messages are handed to the {@link Receiver} on the
 * node's {@link Scheduler} thread, together with the sender's verified id. A transport admits only
 * peers its membership policy accepts (a CA-signed membership certificate, unless it runs in open
 * mode); messages from anyone else never reach the receiver.
 */
public interface Transport extends AutoCloseable {
  /** Where peers reach this node. */
  InetSocketAddress localAddress();

  /**
   * Sends a message. {@code expectedPeer} is the id the caller believes lives at the address, or
   * null when it does not know (a seed address); the transport may use it to pick a session.
   */
  void send(InetSocketAddress to, NodeId expectedPeer, Message message);

  /** Sets who receives inbound messages; called once, before the first message can arrive. */
  void receiver(Receiver receiver);

  /** Stops sending and receiving and releases sockets; idempotent. */
  @Override
  void close();

  /** Receives authenticated inbound messages on the node's thread. */
  @FunctionalInterface
  interface Receiver {
    /**
     * @param from the sender's socket address, where answers go
     * @param sender the sender's id, verified by the transport
     */
    void receive(InetSocketAddress from, NodeId sender, Message message);
  }
}
