package io.xenia.dht.transport.udp;

import io.xenia.dht.Entry;

/**
 * The constants of the DHT wire format, version 1: packet kinds, message types and the hard limits
 * a decoder enforces. The layout of every field is in docs/dht-wire.md; change both together.
 */
final class WireFormat {
  private WireFormat() {}

  /** First two bytes of every packet: ASCII "XD". */
  static final short MAGIC = 0x5844;

  /** The only wire version this code writes and reads. */
  static final byte VERSION = 1;

  /** magic (2) + version (1) + kind (1). */
  static final int HEADER_BYTES = 4;

  // Packet kinds (byte 3).
  static final byte HELLO_INIT = 1;
  static final byte HELLO_REPLY = 2;
  static final byte HELLO_FINISH = 3;
  static final byte REKEY = 4;
  static final byte SEALED = 5;

  /** A sealed packet's session id (8) and counter (8), after the header. */
  static final int SEAL_PREFIX_BYTES = 16;

  /** HMAC-SHA256 truncated to 16 bytes. */
  static final int MAC_BYTES = 16;

  // Message types (first byte inside a sealed packet).
  static final byte PING = 0x10;
  static final byte FIND_NODE = 0x11;
  static final byte FIND_VALUE = 0x12;
  static final byte STORE = 0x13;
  static final byte FIND_DIGESTS = 0x14;
  static final byte PONG = 0x20;
  static final byte NODES = 0x21;
  static final byte VALUES = 0x22;
  static final byte STORE_RESULT = 0x23;
  static final byte DIGESTS = 0x24;

  // Hard limits: a decoder refuses anything larger before allocating for it.
  static final int MAX_PEERS = 64;
  // An index bucket answers with all of its entries in one VALUES message (about 1.3 KB each), so a
  // message carries up to 4096; the frame limit below, not this count, bounds the bytes.
  static final int MAX_ENTRIES = 4096;
  static final int MAX_VALUE_BYTES = Entry.MAX_VALUE_BYTES;
  static final int MAX_BLOOM_WORDS = 4096;
  static final int MAX_CERTIFICATE_BYTES = 1024;

  /**
   * The largest TCP frame, 16 MiB: 4096 index entries fit several times over, and 256 entries of
   * the largest value (the limit before) still fit. A sender drops a message that would exceed it.
   */
  static final int MAX_FRAME_BYTES = 16 << 20;
}
