package io.xenia.dht.transport.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Outbound TCP connections for sealed packets too large for one datagram: one per peer address,
 * opened on first use to the peer's TCP listener on its UDP port, reused, forgotten when closed.
 * Frames are a 4-byte big-endian length and the packet. Write-only: answers come back over the
 * peer's own connection to our listener.
 *
 * <p>Owned by the event loop; not thread-safe.
 */
final class TcpConnections {
  private final Bootstrap bootstrap;
  private final TransportCounters counters;
  private final Map<InetSocketAddress, ChannelFuture> connections = new HashMap<>();

  TcpConnections(EventLoop loop, TransportCounters counters, int connectTimeoutMillis) {
    this.counters = counters;
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new LengthFieldPrepender(4));
                  }
                });
  }

  /** Writes one packet (takes ownership of it). */
  void send(InetSocketAddress to, ByteBuf packet) {
    ChannelFuture connection = connections.get(to);
    if (connection == null
        || (connection.isDone() && (!connection.isSuccess() || !connection.channel().isActive()))) {
      connection = connect(to);
    }
    if (connection.isDone()) {
      write(connection.channel(), packet);
    } else {
      connection.addListener(
          (ChannelFuture f) -> {
            if (f.isSuccess()) {
              write(f.channel(), packet);
            } else {
              packet.release();
              counters.sendErrors.increment();
            }
          });
    }
  }

  private ChannelFuture connect(InetSocketAddress to) {
    ChannelFuture connection = bootstrap.connect(to);
    connections.put(to, connection);
    connection.channel().closeFuture().addListener(f -> connections.remove(to, connection));
    return connection;
  }

  private void write(Channel channel, ByteBuf packet) {
    counters.tcpMessagesOut.increment();
    counters.bytesOut.add(packet.readableBytes());
    channel
        .writeAndFlush(packet)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                counters.sendErrors.increment();
                f.channel().close();
              }
            });
  }

  void closeAll() {
    // A copy: closing a channel on its own loop runs the close listener at once, which removes it.
    for (ChannelFuture connection : java.util.List.copyOf(connections.values())) {
      connection.channel().close();
    }
    connections.clear();
  }
}
