package io.xenia.dht.transport.udp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.xenia.dht.transport.Transport.Receiver;
import java.util.function.Supplier;

/**
 * Pipeline stage 4: hands each {@link Delivery} to the node's {@link Receiver}. The channels are
 * registered on the node's own event loop, so this already is the node thread: no hop. A receiver
 * that throws is the node's bug; it is counted and must not kill the channel.
 */
@Sharable
final class Dispatcher extends SimpleChannelInboundHandler<Delivery> {
  private final Supplier<Receiver> receiver;
  private final TransportCounters counters;

  Dispatcher(Supplier<Receiver> receiver, TransportCounters counters) {
    this.receiver = receiver;
    this.counters = counters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Delivery d) {
    Receiver r = receiver.get();
    if (r == null) {
      counters.queueDrops.increment();
      return;
    }
    counters.messagesDelivered.increment();
    r.receive(d.from(), d.sender(), d.message());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Last handler: nothing may reach Netty's tail (which would log and, on TCP, leak state).
    counters.receiverErrors.increment();
  }
}
