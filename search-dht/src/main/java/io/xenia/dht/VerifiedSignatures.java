package io.xenia.dht;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Entry signatures already verified in this JVM. An index query reads the same signed entries from
 * two holders, and the next query reads them again: Ed25519 verification was three quarters of a
 * query's CPU time. Verification is a pure function of (signed input, signature), so a hit needs
 * only the SHA-256 of the input (which names the owner key too) and the signature to match what was
 * verified before; only successful verifications are remembered, so nothing can be poisoned.
 *
 * <p>A direct-mapped table (16,384 slots, about 2.5 MB when full, shared by every node of the JVM,
 * simulated ones too): a collision evicts, costing one more verification, never a wrong answer.
 * Lock-free and thread-safe.
 */
final class VerifiedSignatures {
  private static final int SLOTS = 1 << 14;
  private static final AtomicReferenceArray<Verified> TABLE = new AtomicReferenceArray<>(SLOTS);
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(VerifiedSignatures::sha256);

  private record Verified(byte[] signature, byte[] inputDigest) {}

  private VerifiedSignatures() {}

  /** True if {@code owner} signed {@code input} with {@code signature}; remembered if so. */
  static boolean verify(Ed25519PublicKey owner, byte[] input, byte[] signature) {
    byte[] digest = SHA256.get().digest(input);
    int slot = slot(signature);
    Verified known = TABLE.get(slot);
    if (known != null
        && Arrays.equals(known.signature(), signature)
        && MessageDigest.isEqual(known.inputDigest(), digest)) {
      return true;
    }
    if (!owner.verify(input, signature)) {
      return false;
    }
    TABLE.set(slot, new Verified(signature.clone(), digest));
    return true;
  }

  private static int slot(byte[] signature) {
    // Ed25519's R half is pseudo-random: its first bytes spread entries evenly.
    int h = 0;
    for (int i = 0; i < 4 && i < signature.length; i++) {
      h = (h << 8) | (signature[i] & 0xff);
    }
    return h & (SLOTS - 1);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
