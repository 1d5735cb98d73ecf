package io.xenia.dht.transport.udp;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decoded entry owner keys. Entries of one bucket come from a few hosts, and decoding a key checks
 * the curve point (a tenth of a query's CPU time before this), so the transport keeps the last key
 * decoded per slot of a small direct-mapped table shared by the JVM: a hit compares 32 bytes, a
 * collision only costs a decode. Thread-safe.
 */
final class OwnerKeys {
  private static final int SLOTS = 1 << 12;
  private static final AtomicReferenceArray<Ed25519PublicKey> TABLE =
      new AtomicReferenceArray<>(SLOTS);

  private OwnerKeys() {}

  /**
   * The key with these 32 bytes.
   *
   * @throws IllegalArgumentException if they are not a valid Ed25519 public key
   */
  static Ed25519PublicKey decode(byte[] bytes) {
    int slot = ((bytes[0] & 0xff) | (bytes[1] & 0xff) << 8) & (SLOTS - 1);
    Ed25519PublicKey known = TABLE.get(slot);
    if (known != null && Arrays.equals(known.bytes(), bytes)) {
      return known;
    }
    Ed25519PublicKey decoded = Ed25519PublicKey.fromBytes(bytes);
    TABLE.set(slot, decoded);
    return decoded;
  }
}
