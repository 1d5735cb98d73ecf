package io.xenia.dht.transport.udp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.xenia.dht.wire.Message;

/**
 * Pipeline stage 3: authenticated bytes to a {@link Message}. A peer with a valid session can still
 * send garbage; that is counted as a decode error and dropped. Runs on the event loop.
 */
@Sharable
final class MessageDecoder extends SimpleChannelInboundHandler<Authenticated> {
  private final TransportCounters counters;

  MessageDecoder(TransportCounters counters) {
    this.counters = counters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Authenticated in) {
    Message message;
    try {
      message = MessageCodec.decode(in.content());
    } catch (DecodeException | IllegalArgumentException e) {
      counters.decodeErrors.increment();
      return;
    }
    ctx.fireChannelRead(new Delivery(in.from, in.sender, message));
  }
}
