package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xenia.dht.Entry;
import io.xenia.dht.wire.Message;
import io.xenia.dht.wire.Nodes;
import io.xenia.dht.wire.Store;
import io.xenia.dht.wire.Values;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static byte[] encode(Message m) {
    ByteBuf buf = Unpooled.buffer();
    MessageCodec.encode(m, buf);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }

  private static Message decode(byte[] bytes) {
    return MessageCodec.decode(Unpooled.wrappedBuffer(bytes));
  }

  @Test
  void everyMessageTypeRoundTrips() {
    for (Message m : Samples.everyType()) {
      Message back = decode(encode(m));
      assertEquals(m, back, m.getClass().getSimpleName());
      assertArrayEquals(encode(m), encode(back));
    }
  }

  @Test
  void decodedEntriesKeepValidSignatures() {
    Store store = (Store) decode(encode(new Store(1, Samples.entries(3, 50))));
    for (Entry e : store.entries()) {
      assertEquals(true, e.hasValidSignature());
    }
  }

  @Test
  void limitsAreInclusive() {
    Nodes nodes = new Nodes(1, Peers.HERE, Samples.peers(WireFormat.MAX_PEERS));
    assertEquals(nodes, decode(encode(nodes)));
    Store store = new Store(2, Samples.entries(WireFormat.MAX_ENTRIES, 0));
    assertEquals(store, decode(encode(store)));
    Store big = new Store(3, List.of(Samples.entry(Entry.MAX_VALUE_BYTES)));
    assertEquals(big, decode(encode(big)));
  }

  @Test
  void encoderRefusesWhatAPeerWouldRefuse() {
    Nodes tooMany = new Nodes(1, Peers.HERE, Samples.peers(WireFormat.MAX_PEERS + 1));
    assertThrows(IllegalArgumentException.class, () -> encode(tooMany));
    Values tooManyEntries =
        new Values(
            2,
            Peers.HERE,
            true,
            Samples.entries(WireFormat.MAX_ENTRIES + 1, 0),
            Optional.empty(),
            List.of());
    assertThrows(IllegalArgumentException.class, () -> encode(tooManyEntries));
  }

  @Test
  void everyTruncationIsADecodeException() {
    for (Message m : Samples.everyType()) {
      byte[] bytes = encode(m);
      for (int length = 0; length < bytes.length; length++) {
        byte[] cut = java.util.Arrays.copyOf(bytes, length);
        assertThrows(DecodeException.class, () -> decode(cut), m + " cut at " + length);
      }
    }
  }

  @Test
  void trailingBytesAndUnknownTypesAreRefused() {
    byte[] ping = encode(new io.xenia.dht.wire.Ping(1));
    assertThrows(DecodeException.class, () -> decode(java.util.Arrays.copyOf(ping, 10)));
    ping[0] = 0x7f;
    assertThrows(DecodeException.class, () -> decode(ping));
  }

  @Test
  void overLimitCountsAreRefusedBeforeAllocating() {
    byte[] nodes = encode(new Nodes(1, Peers.HERE, List.of()));
    nodes[nodes.length - 1] = (byte) (WireFormat.MAX_PEERS + 1);
    assertThrows(DecodeException.class, () -> decode(nodes));

    byte[] store = encode(new Store(1, List.of(Samples.entry(1))));
    store[9] = (byte) 0xff; // entry count u16 right after type + request id
    store[10] = (byte) 0xff;
    assertThrows(DecodeException.class, () -> decode(store));

    byte[] value = encode(new Store(1, List.of(Samples.entry(1))));
    int lengthAt = 1 + 8 + 2 + 4 * 32 + 3 * 8 + 1;
    value[lengthAt] = 0x7f; // value length far above Entry.MAX_VALUE_BYTES
    assertThrows(DecodeException.class, () -> decode(value));
  }

  @Test
  void randomCorruptionNeverThrowsAnythingElse() {
    Random random = new Random(7);
    List<Message> samples = Samples.everyType();
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = encode(samples.get(i % samples.size()));
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      }
      try {
        decode(bytes);
      } catch (DecodeException expected) {
        // refused cleanly
      }
    }
  }
}
