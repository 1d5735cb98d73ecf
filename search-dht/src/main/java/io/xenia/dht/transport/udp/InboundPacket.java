package io.xenia.dht.transport.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.DefaultByteBufHolder;
import java.net.InetSocketAddress;

/**
 * A framed packet whose header checked out: the whole packet (header included, reader index 0, as
 * the MAC covers it), its kind and where it came from. Reference-counted: whoever consumes it
 * releases it.
 */
final class InboundPacket extends DefaultByteBufHolder {
  final InetSocketAddress from;
  final byte kind;
  final boolean viaTcp;

  InboundPacket(ByteBuf packet, InetSocketAddress from, byte kind, boolean viaTcp) {
    super(packet);
    this.from = from;
    this.kind = kind;
    this.viaTcp = viaTcp;
  }

  /**
   * Reads the 4-byte header and returns the kind, or -1 if the magic or version is wrong or the
   * packet is shorter than a header.
   */
  static byte kindOf(ByteBuf packet) {
    int at = packet.readerIndex();
    if (packet.readableBytes() < WireFormat.HEADER_BYTES
        || packet.getShort(at) != WireFormat.MAGIC
        || packet.getByte(at + 2) != WireFormat.VERSION) {
      return -1;
    }
    return packet.getByte(at + 3);
  }

  @Override
  public ByteBufHolder replace(ByteBuf content) {
    return new InboundPacket(content, from, kind, viaTcp);
  }
}
