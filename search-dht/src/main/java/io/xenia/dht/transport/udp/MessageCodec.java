package io.xenia.dht.transport.udp;

import static io.xenia.dht.transport.udp.DecodeException.check;

import io.netty.buffer.ByteBuf;
import io.xenia.dht.Digest;
import io.xenia.dht.NodeId;
import io.xenia.dht.StoreOutcome;
import io.xenia.dht.wire.Digests;
import io.xenia.dht.wire.FindDigests;
import io.xenia.dht.wire.FindNode;
import io.xenia.dht.wire.FindValue;
import io.xenia.dht.wire.Message;
import io.xenia.dht.wire.Nodes;
import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Pong;
import io.xenia.dht.wire.Store;
import io.xenia.dht.wire.StoreResult;
import io.xenia.dht.wire.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The binary form of every {@link Message}: a type byte, the request id (i64), then the type's
 * fields (docs/dht-wire.md). This is the plaintext inside a sealed packet; magic, version and
 * authentication belong to the packet around it. Stateless and thread-safe.
 */
final class MessageCodec {
  private MessageCodec() {}

  /**
   * Appends the message.
   *
   * @throws IllegalArgumentException if it exceeds a wire limit (the peer would refuse it)
   */
  static void encode(Message message, ByteBuf out) {
    // Java 17 has no pattern switch; the final else catches a new Message type nobody encoded.
    if (message instanceof Ping m) {
      out.writeByte(WireFormat.PING).writeLong(m.requestId());
    } else if (message instanceof FindNode m) {
      out.writeByte(WireFormat.FIND_NODE).writeLong(m.requestId());
      FieldCodec.writeId(out, m.target());
    } else if (message instanceof FindValue m) {
      out.writeByte(WireFormat.FIND_VALUE).writeLong(m.requestId());
      FieldCodec.writeId(out, m.location());
      FieldCodec.writeId(out, m.domain());
      out.writeByte(m.content().isPresent() ? 1 : 0);
      m.content().ifPresent(c -> FieldCodec.writeId(out, c));
      out.writeByte(m.digestOnly() ? 1 : 0).writeInt(m.inlineLimit());
    } else if (message instanceof FindDigests m) {
      out.writeByte(WireFormat.FIND_DIGESTS).writeLong(m.requestId());
      FieldCodec.writeId(out, m.domain());
      out.writeByte(m.locations().size());
      for (NodeId location : m.locations()) {
        FieldCodec.writeId(out, location);
      }
    } else if (message instanceof Digests m) {
      out.writeByte(WireFormat.DIGESTS).writeLong(m.requestId());
      FieldCodec.writeCoordinate(out, m.coordinate());
      out.writeByte(m.digests().size());
      for (Optional<Digest> d : m.digests()) {
        out.writeByte(d.isPresent() ? 1 : 0);
        d.ifPresent(x -> FieldCodec.writeDigest(out, x));
      }
    } else if (message instanceof Store m) {
      out.writeByte(WireFormat.STORE).writeLong(m.requestId());
      EntryCodec.writeAll(out, m.entries());
    } else if (message instanceof Pong m) {
      out.writeByte(WireFormat.PONG).writeLong(m.requestId());
      FieldCodec.writeCoordinate(out, m.coordinate());
    } else if (message instanceof Nodes m) {
      out.writeByte(WireFormat.NODES).writeLong(m.requestId());
      FieldCodec.writeCoordinate(out, m.coordinate());
      FieldCodec.writePeers(out, m.peers());
    } else if (message instanceof Values m) {
      out.writeByte(WireFormat.VALUES).writeLong(m.requestId());
      FieldCodec.writeCoordinate(out, m.coordinate());
      out.writeByte(m.found() ? 1 : 0);
      EntryCodec.writeAll(out, m.entries());
      out.writeByte(m.digest().isPresent() ? 1 : 0);
      m.digest().ifPresent(d -> FieldCodec.writeDigest(out, d));
      FieldCodec.writePeers(out, m.closer());
    } else if (message instanceof StoreResult m) {
      out.writeByte(WireFormat.STORE_RESULT).writeLong(m.requestId());
      FieldCodec.writeCoordinate(out, m.coordinate());
      FieldCodec.checkCount(m.outcomes().size(), WireFormat.MAX_ENTRIES, "outcomes");
      out.writeShort(m.outcomes().size());
      for (StoreOutcome o : m.outcomes()) {
        out.writeByte(OutcomeCode.of(o));
      }
    } else {
      throw new IllegalArgumentException("no encoding for " + message.getClass());
    }
  }

  /**
   * Reads exactly one message filling the readable bytes.
   *
   * @throws DecodeException if the bytes are not one valid message
   */
  static Message decode(ByteBuf in) {
    try {
      Message message = decodeFields(in);
      check(!in.isReadable(), "trailing bytes: " + in.readableBytes());
      return message;
    } catch (IndexOutOfBoundsException e) {
      throw new DecodeException("truncated message");
    }
  }

  private static Message decodeFields(ByteBuf in) {
    byte type = in.readByte();
    long requestId = in.readLong();
    return switch (type) {
      case WireFormat.PING -> new Ping(requestId);
      case WireFormat.FIND_NODE -> new FindNode(requestId, FieldCodec.readId(in));
      case WireFormat.FIND_VALUE -> {
        NodeId location = FieldCodec.readId(in);
        NodeId domain = FieldCodec.readId(in);
        Optional<NodeId> content =
            FieldCodec.readBoolean(in) ? Optional.of(FieldCodec.readId(in)) : Optional.empty();
        boolean digestOnly = FieldCodec.readBoolean(in);
        int inlineLimit = in.readInt();
        check(inlineLimit >= 0, "negative inlineLimit");
        yield new FindValue(requestId, location, domain, content, digestOnly, inlineLimit);
      }
      case WireFormat.FIND_DIGESTS -> {
        NodeId domain = FieldCodec.readId(in);
        int count = in.readUnsignedByte();
        check(count >= 1 && count <= FindDigests.MAX_LOCATIONS, "locations: " + count);
        List<NodeId> locations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          locations.add(FieldCodec.readId(in));
        }
        yield new FindDigests(requestId, locations, domain);
      }
      case WireFormat.DIGESTS -> {
        var coordinate = FieldCodec.readCoordinate(in);
        int count = in.readUnsignedByte();
        check(count <= FindDigests.MAX_LOCATIONS, "digests: " + count);
        List<Optional<Digest>> digests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          digests.add(
              FieldCodec.readBoolean(in)
                  ? Optional.of(FieldCodec.readDigest(in))
                  : Optional.<Digest>empty());
        }
        yield new Digests(requestId, coordinate, digests);
      }
      case WireFormat.STORE -> {
        var entries = EntryCodec.readAll(in);
        check(!entries.isEmpty(), "a STORE carries at least one entry");
        yield new Store(requestId, entries);
      }
      case WireFormat.PONG -> new Pong(requestId, FieldCodec.readCoordinate(in));
      case WireFormat.NODES ->
          new Nodes(requestId, FieldCodec.readCoordinate(in), FieldCodec.readPeers(in));
      case WireFormat.VALUES -> {
        var coordinate = FieldCodec.readCoordinate(in);
        boolean found = FieldCodec.readBoolean(in);
        var entries = EntryCodec.readAll(in);
        var digest =
            FieldCodec.readBoolean(in)
                ? Optional.of(FieldCodec.readDigest(in))
                : Optional.<Digest>empty();
        yield new Values(requestId, coordinate, found, entries, digest, FieldCodec.readPeers(in));
      }
      case WireFormat.STORE_RESULT -> {
        var coordinate = FieldCodec.readCoordinate(in);
        int count = in.readUnsignedShort();
        check(count <= WireFormat.MAX_ENTRIES, "too many outcomes: " + count);
        List<StoreOutcome> outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          outcomes.add(OutcomeCode.decode(in.readUnsignedByte()));
        }
        yield new StoreResult(requestId, coordinate, outcomes);
      }
      default -> throw new DecodeException("unknown message type " + type);
    };
  }
}
