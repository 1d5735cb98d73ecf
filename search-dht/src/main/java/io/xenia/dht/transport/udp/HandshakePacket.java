package io.xenia.dht.transport.udp;

import static io.xenia.dht.transport.udp.DecodeException.check;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The three handshake packets and their byte layout after the 4-byte packet header (field tables in
 * docs/dht-wire.md). Values; arrays are not copied because only the handshake code holds them.
 */
sealed interface HandshakePacket {
  /** Header plus fields, allocated from {@code alloc}. */
  ByteBuf encode(ByteBufAllocator alloc);

  /** HELLO_INIT: the initiator's ephemeral key and nonce; unsigned (it proves nothing yet). */
  record Init(byte[] ephemeral, byte[] nonce) implements HandshakePacket {
    @Override
    public ByteBuf encode(ByteBufAllocator alloc) {
      return header(alloc, WireFormat.HELLO_INIT).writeBytes(ephemeral).writeBytes(nonce);
    }
  }

  /** HELLO_REPLY: the responder's fresh values, key, certificate and signature. */
  record Reply(
      byte[] initiatorNonce,
      byte[] ephemeral,
      byte[] nonce,
      byte[] key,
      byte[] certificate,
      byte[] signature)
      implements HandshakePacket {
    @Override
    public ByteBuf encode(ByteBufAllocator alloc) {
      ByteBuf out = header(alloc, WireFormat.HELLO_REPLY);
      out.writeBytes(initiatorNonce).writeBytes(ephemeral).writeBytes(nonce).writeBytes(key);
      return out.writeShort(certificate.length).writeBytes(certificate).writeBytes(signature);
    }
  }

  /** HELLO_FINISH: the initiator's key, certificate and signature. */
  record Finish(byte[] responderNonce, byte[] key, byte[] certificate, byte[] signature)
      implements HandshakePacket {
    @Override
    public ByteBuf encode(ByteBufAllocator alloc) {
      ByteBuf out = header(alloc, WireFormat.HELLO_FINISH);
      out.writeBytes(responderNonce).writeBytes(key);
      return out.writeShort(certificate.length).writeBytes(certificate).writeBytes(signature);
    }
  }

  /**
   * Reads the packet of {@code kind} from the bytes after the header.
   *
   * @throws DecodeException if they are not one
   */
  static HandshakePacket decode(byte kind, ByteBuf in) {
    try {
      HandshakePacket packet =
          switch (kind) {
            case WireFormat.HELLO_INIT -> new Init(bytes(in, 32), bytes(in, 16));
            case WireFormat.HELLO_REPLY ->
                new Reply(
                    bytes(in, 16),
                    bytes(in, 32),
                    bytes(in, 16),
                    bytes(in, 32),
                    certificate(in),
                    bytes(in, 64));
            case WireFormat.HELLO_FINISH ->
                new Finish(bytes(in, 16), bytes(in, 32), certificate(in), bytes(in, 64));
            default -> throw new DecodeException("not a handshake packet: " + kind);
          };
      check(!in.isReadable(), "trailing bytes after handshake packet");
      return packet;
    } catch (IndexOutOfBoundsException e) {
      throw new DecodeException("truncated handshake packet");
    }
  }

  private static ByteBuf header(ByteBufAllocator alloc, byte kind) {
    return alloc
        .buffer(256)
        .writeShort(WireFormat.MAGIC)
        .writeByte(WireFormat.VERSION)
        .writeByte(kind);
  }

  private static byte[] certificate(ByteBuf in) {
    int length = in.readUnsignedShort();
    check(length <= WireFormat.MAX_CERTIFICATE_BYTES, "certificate too long: " + length);
    return bytes(in, length);
  }

  private static byte[] bytes(ByteBuf in, int length) {
    byte[] out = new byte[length];
    in.readBytes(out);
    return out;
  }
}
