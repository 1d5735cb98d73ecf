package io.xenia.dht.transport.udp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * Pipeline stage 1 for UDP: one datagram is one packet. Counts it, checks magic and version, and
 * passes an {@link InboundPacket} on; anything else is counted as a decode error and dropped. Runs
 * on the event loop.
 */
@Sharable
final class DatagramFrameDecoder extends SimpleChannelInboundHandler<DatagramPacket> {
  private final TransportCounters counters;

  DatagramFrameDecoder(TransportCounters counters) {
    this.counters = counters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
    counters.datagramsIn.increment();
    counters.bytesIn.add(datagram.content().readableBytes());
    byte kind = InboundPacket.kindOf(datagram.content());
    if (kind < 0) {
      counters.decodeErrors.increment();
      return;
    }
    ctx.fireChannelRead(
        new InboundPacket(datagram.content().retain(), datagram.sender(), kind, false));
  }
}
