package io.xenia.dht.transport.udp;

import static io.xenia.dht.transport.udp.DecodeException.check;

import io.netty.buffer.ByteBuf;
import io.xenia.dht.DhtKey;
import io.xenia.dht.Entry;
import io.xenia.dht.NodeId;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries on the wire, every field including the owner's signature, so a receiver can verify it
 * without trusting the relay. The transport does not verify entry signatures: that is the storing
 * or reading node's job. Stateless.
 */
final class EntryCodec {
  private EntryCodec() {}

  /**
   * location, domain, content (3 × 32), owner key (32), sequence i64, expiresAtMillis i64, sortKey
   * i64, tombstone u8, value length u32, value, signature (64).
   */
  static void write(ByteBuf out, Entry e) {
    FieldCodec.writeId(out, e.key().location());
    FieldCodec.writeId(out, e.key().domain());
    FieldCodec.writeId(out, e.key().content());
    out.writeBytes(e.owner().bytes());
    out.writeLong(e.sequence()).writeLong(e.expiresAtMillis()).writeLong(e.sortKey());
    out.writeByte(e.isTombstone() ? 1 : 0);
    out.writeInt(e.valueLength()).writeBytes(e.value());
    out.writeBytes(e.signature());
  }

  static Entry read(ByteBuf in) {
    NodeId location = FieldCodec.readId(in);
    NodeId domain = FieldCodec.readId(in);
    NodeId content = FieldCodec.readId(in);
    byte[] ownerBytes = new byte[Ed25519PublicKey.LENGTH];
    in.readBytes(ownerBytes);
    long sequence = in.readLong();
    long expires = in.readLong();
    long sortKey = in.readLong();
    boolean tombstone = FieldCodec.readBoolean(in);
    int length = in.readInt();
    check(length >= 0 && length <= WireFormat.MAX_VALUE_BYTES, "value length " + length);
    check(in.readableBytes() >= length, "truncated value");
    byte[] value = new byte[length];
    in.readBytes(value);
    byte[] signature = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
    in.readBytes(signature);
    try {
      return Entry.fromWire(
          new DhtKey(location, domain, content),
          value,
          sortKey,
          OwnerKeys.decode(ownerBytes),
          sequence,
          expires,
          tombstone,
          signature);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("entry: " + e.getMessage());
    }
  }

  /** Count (u16, at most {@link WireFormat#MAX_ENTRIES}), then the entries. */
  static void writeAll(ByteBuf out, List<Entry> entries) {
    FieldCodec.checkCount(entries.size(), WireFormat.MAX_ENTRIES, "entries");
    out.writeShort(entries.size());
    for (Entry e : entries) {
      write(out, e);
    }
  }

  static List<Entry> readAll(ByteBuf in) {
    int count = in.readUnsignedShort();
    check(count <= WireFormat.MAX_ENTRIES, "too many entries: " + count);
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(read(in));
    }
    return entries;
  }
}
