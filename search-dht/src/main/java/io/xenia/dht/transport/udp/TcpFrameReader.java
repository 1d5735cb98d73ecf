package io.xenia.dht.transport.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;

/**
 * Pipeline stage 1 for TCP, after the length-field frame decoder: one frame is one packet. Only
 * sealed packets travel over TCP (handshakes always use UDP), so anything else closes the
 * connection. Runs on the event loop; one instance per connection.
 */
final class TcpFrameReader extends SimpleChannelInboundHandler<ByteBuf> {
  private final TransportCounters counters;

  TcpFrameReader(TransportCounters counters) {
    this.counters = counters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    counters.bytesIn.add(frame.readableBytes());
    if (InboundPacket.kindOf(frame) != WireFormat.SEALED) {
      counters.decodeErrors.increment();
      ctx.close();
      return;
    }
    InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
    ctx.fireChannelRead(new InboundPacket(frame.retain(), from, WireFormat.SEALED, true));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An oversized frame or a reset connection: count it and drop the connection, nothing else.
    counters.decodeErrors.increment();
    ctx.close();
  }
}
