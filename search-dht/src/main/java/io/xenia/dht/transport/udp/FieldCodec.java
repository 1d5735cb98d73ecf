package io.xenia.dht.transport.udp;

import static io.xenia.dht.transport.udp.DecodeException.check;

import io.netty.buffer.ByteBuf;
import io.xenia.dht.BloomFilter;
import io.xenia.dht.Digest;
import io.xenia.dht.NodeId;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.vivaldi.Coordinate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoders and decoders of the fields messages share: ids, coordinates, peer addresses, digests.
 * Big-endian throughout. Decoders throw {@link DecodeException} (or let a too-short buffer throw
 * {@link IndexOutOfBoundsException}, which the caller maps to the same drop). Stateless.
 */
final class FieldCodec {
  private FieldCodec() {}

  static void writeId(ByteBuf out, NodeId id) {
    for (int i = 0; i < NodeId.LENGTH; i++) {
      out.writeByte(id.byteAt(i));
    }
  }

  static NodeId readId(ByteBuf in) {
    byte[] bytes = new byte[NodeId.LENGTH];
    in.readBytes(bytes);
    return NodeId.fromBytes(bytes);
  }

  /** Four components, height and error as IEEE 754 doubles: 48 bytes. */
  static void writeCoordinate(ByteBuf out, Coordinate c) {
    for (double v : c.vector()) {
      out.writeDouble(v);
    }
    out.writeDouble(c.height()).writeDouble(c.error());
  }

  static Coordinate readCoordinate(ByteBuf in) {
    double[] vector = new double[Coordinate.DIMENSIONS];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = in.readDouble();
    }
    double height = in.readDouble();
    double error = in.readDouble();
    try {
      return new Coordinate(vector, height, error);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("coordinate: " + e.getMessage());
    }
  }

  /** Id, address length (4 or 16), address bytes, port (u16). */
  static void writePeer(ByteBuf out, PeerAddress peer) {
    writeId(out, peer.id());
    InetAddress address = peer.address().getAddress();
    if (address == null) {
      throw new IllegalArgumentException("unresolved peer address " + peer.address());
    }
    byte[] raw = address.getAddress();
    out.writeByte(raw.length).writeBytes(raw).writeShort(peer.address().getPort());
  }

  static PeerAddress readPeer(ByteBuf in) {
    NodeId id = readId(in);
    int length = in.readUnsignedByte();
    check(length == 4 || length == 16, "address length " + length);
    byte[] raw = new byte[length];
    in.readBytes(raw);
    int port = in.readUnsignedShort();
    try {
      return new PeerAddress(id, new InetSocketAddress(InetAddress.getByAddress(raw), port));
    } catch (UnknownHostException e) {
      throw new DecodeException("address: " + e.getMessage());
    }
  }

  /** Count (u8, at most {@link WireFormat#MAX_PEERS}), then the peers. */
  static void writePeers(ByteBuf out, List<PeerAddress> peers) {
    checkCount(peers.size(), WireFormat.MAX_PEERS, "peers");
    out.writeByte(peers.size());
    for (PeerAddress peer : peers) {
      writePeer(out, peer);
    }
  }

  static List<PeerAddress> readPeers(ByteBuf in) {
    int count = in.readUnsignedByte();
    check(count <= WireFormat.MAX_PEERS, "too many peers: " + count);
    List<PeerAddress> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      peers.add(readPeer(in));
    }
    return peers;
  }

  /** count u32, min i64, max i64, entry set i64, hashes u8, words u16, words × i64. */
  static void writeDigest(ByteBuf out, Digest d) {
    long[] words = d.contentKeys().toLongs();
    checkCount(words.length, WireFormat.MAX_BLOOM_WORDS, "bloom words");
    out.writeInt(d.count()).writeLong(d.minSortKey()).writeLong(d.maxSortKey());
    out.writeLong(d.entrySet());
    out.writeByte(d.contentKeys().hashes()).writeShort(words.length);
    for (long w : words) {
      out.writeLong(w);
    }
  }

  static Digest readDigest(ByteBuf in) {
    int count = in.readInt();
    long min = in.readLong();
    long max = in.readLong();
    long entrySet = in.readLong();
    int hashes = in.readUnsignedByte();
    int length = in.readUnsignedShort();
    check(length >= 1 && length <= WireFormat.MAX_BLOOM_WORDS, "bloom words: " + length);
    check(in.readableBytes() >= length * 8L, "truncated bloom filter");
    long[] words = new long[length];
    for (int i = 0; i < length; i++) {
      words[i] = in.readLong();
    }
    try {
      return new Digest(count, min, max, BloomFilter.fromLongs(words, hashes), entrySet);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("digest: " + e.getMessage());
    }
  }

  /** Refuses to encode what the peer would refuse to decode. */
  static void checkCount(int count, int max, String what) {
    if (count > max) {
      throw new IllegalArgumentException(what + ": " + count + " exceeds the limit " + max);
    }
  }

  static boolean readBoolean(ByteBuf in) {
    int b = in.readUnsignedByte();
    check(b <= 1, "boolean byte " + b);
    return b == 1;
  }
}
