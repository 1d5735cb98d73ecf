package io.xenia.dht.transport.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;
import io.xenia.dht.NodeId;
import java.net.InetSocketAddress;

/**
 * The plaintext message bytes of a sealed packet whose MAC and counter checked out, with the
 * session's peer: its UDP address (where answers go, also for messages that came over TCP) and its
 * proven id. Reference-counted.
 */
final class Authenticated extends DefaultByteBufHolder {
  final InetSocketAddress from;
  final NodeId sender;

  Authenticated(ByteBuf message, InetSocketAddress from, NodeId sender) {
    super(message);
    this.from = from;
    this.sender = sender;
  }

  @Override
  public ByteBufHolder replace(ByteBuf content) {
    return new Authenticated(content, from, sender);
  }
}
