package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.xenia.dht.NodeId;
import io.xenia.dht.wire.Message;
import io.xenia.dht.wire.Ping;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stateless pipeline stages, one at a time, in Netty's in-memory channel. */
class PipelineTest {
  private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 9);
  private final TransportCounters counters = new TransportCounters();

  @Test
  void frameDecoderPassesGoodHeadersAndCountsTheRest() {
    EmbeddedChannel ch = new EmbeddedChannel(new DatagramFrameDecoder(counters));
    ch.writeInbound(datagram(new byte[] {0x58, 0x44, 1, WireFormat.SEALED, 0}));
    InboundPacket packet = ch.readInbound();
    assertEquals(WireFormat.SEALED, packet.kind);
    assertEquals(FROM, packet.from);
    packet.release();

    ch.writeInbound(datagram(new byte[] {0x58, 0x45, 1, WireFormat.SEALED})); // wrong magic
    ch.writeInbound(datagram(new byte[] {0x58, 0x44, 2, WireFormat.SEALED})); // wrong version
    ch.writeInbound(datagram(new byte[] {0x58})); // truncated
    assertNull(ch.readInbound());
    assertEquals(3, counters.snapshot().decodeErrors());
    assertEquals(4, counters.snapshot().datagramsIn());
    ch.finishAndReleaseAll();
  }

  @Test
  void messageDecoderTurnsBytesIntoMessagesAndCountsGarbage() {
    EmbeddedChannel ch = new EmbeddedChannel(new MessageDecoder(counters));
    NodeId sender = Samples.id();
    ByteBuf ping = Unpooled.buffer();
    MessageCodec.encode(new Ping(77), ping);
    ch.writeInbound(new Authenticated(ping, FROM, sender));
    Delivery d = ch.readInbound();
    assertEquals(new Delivery(FROM, sender, new Ping(77)), d);

    ch.writeInbound(new Authenticated(Unpooled.wrappedBuffer(new byte[] {1, 2}), FROM, sender));
    assertNull(ch.readInbound());
    assertEquals(1, counters.snapshot().decodeErrors());
    ch.finishAndReleaseAll();
  }

  @Test
  void dispatcherSurvivesAThrowingReceiver() {
    List<Message> got = new ArrayList<>();
    boolean[] fail = {true};
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new Dispatcher(
                () ->
                    (from, sender, m) -> {
                      if (fail[0]) {
                        throw new IllegalStateException("node bug");
                      }
                      got.add(m);
                    },
                counters));
    ch.writeInbound(new Delivery(FROM, Samples.id(), new Ping(1)));
    fail[0] = false;
    ch.writeInbound(new Delivery(FROM, Samples.id(), new Ping(2)));
    ch.checkException();
    assertEquals(List.of(new Ping(2)), got);
    assertEquals(1, counters.snapshot().receiverErrors());
  }

  private static DatagramPacket datagram(byte[] bytes) {
    return new DatagramPacket(
        Unpooled.wrappedBuffer(bytes), new InetSocketAddress("127.0.0.1", 1), FROM);
  }
}
