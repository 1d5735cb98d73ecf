package io.xenia.bench.dht;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: a Netty UDP echo server and a client that keeps a window of datagrams in flight,
 * each a new one sent as soon as an echo returns. Same library, threads and payload size as the
 * DHT's PING/PONG path, minus everything the DHT adds (sessions, MACs, codec, RPC matching).
 */
final class RawUdpEcho implements AutoCloseable {
  private final EventLoopGroup serverLoop = new NioEventLoopGroup(1);
  private final EventLoopGroup clientLoop = new NioEventLoopGroup(1);
  private final Channel server;
  private final Channel client;
  private final AtomicLong roundTrips = new AtomicLong();
  private final int payloadBytes;

  RawUdpEcho(int payloadBytes) throws InterruptedException {
    this.payloadBytes = payloadBytes;
    server =
        new Bootstrap()
            .group(serverLoop)
            .channel(NioDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    ctx.writeAndFlush(
                        new DatagramPacket(packet.content().retain(), packet.sender()));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    InetSocketAddress serverAddress = (InetSocketAddress) server.localAddress();
    client =
        new Bootstrap()
            .group(clientLoop)
            .channel(NioDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    roundTrips.incrementAndGet();
                    send(ctx.channel(), serverAddress);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  private void send(Channel channel, InetSocketAddress to) {
    ByteBuf buffer = channel.alloc().buffer(payloadBytes).writeZero(payloadBytes);
    channel.writeAndFlush(new DatagramPacket(buffer, to));
  }

  /** Puts {@code window} datagrams in flight; each echo sends the next. */
  void start(int window) {
    InetSocketAddress to = (InetSocketAddress) server.localAddress();
    client
        .eventLoop()
        .execute(
            () -> {
              for (int i = 0; i < window; i++) {
                send(client, to);
              }
            });
  }

  long roundTrips() {
    return roundTrips.get();
  }

  @Override
  public void close() {
    client.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    clientLoop
        .shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
        .syncUninterruptibly();
    serverLoop
        .shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
        .syncUninterruptibly();
  }
}
