package io.xenia.dht;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The verification memo never turns a forged entry into a valid one. */
class VerifiedSignaturesTest {
  private final SecureRandom random = new SecureRandom();
  private final Ed25519KeyPair owner = Ed25519KeyPair.generate(random);
  private final DhtKey key = DhtKey.of("loc", "dom", "content");

  @Test
  void aRememberedSignatureDoesNotValidateOtherContentOrAnotherOwner() {
    Entry genuine = Entry.sign(key, new byte[] {1, 2, 3}, 7, 1, Long.MAX_VALUE, owner);
    assertTrue(genuine.hasValidSignature());
    assertTrue(genuine.hasValidSignature(), "again, from the memo");

    Entry otherValue = wire(genuine, new byte[] {1, 2, 4}, genuine.sortKey(), genuine.sequence());
    Entry otherSortKey = wire(genuine, new byte[] {1, 2, 3}, 8, genuine.sequence());
    Entry replayedSequence = wire(genuine, new byte[] {1, 2, 3}, genuine.sortKey(), 2);
    Entry otherOwner =
        Entry.fromWire(
            key,
            new byte[] {1, 2, 3},
            genuine.sortKey(),
            Ed25519KeyPair.generate(random).publicKey(),
            genuine.sequence(),
            genuine.expiresAtMillis(),
            false,
            genuine.signature());

    assertFalse(otherValue.hasValidSignature());
    assertFalse(otherSortKey.hasValidSignature());
    assertFalse(replayedSequence.hasValidSignature());
    assertFalse(otherOwner.hasValidSignature());
    assertTrue(genuine.hasValidSignature(), "the genuine one still verifies");
  }

  @Test
  void manyEntriesAllVerifyThroughCollisions() {
    for (int i = 0; i < 40_000; i += 97) {
      Entry entry =
          Entry.sign(
              DhtKey.of("l" + i, "d", "c"), new byte[] {(byte) i}, i, 1, Long.MAX_VALUE, owner);
      assertTrue(entry.hasValidSignature());
      assertFalse(wire(entry, new byte[] {(byte) (i + 1)}, i, 1).hasValidSignature());
    }
  }

  private static Entry wire(Entry from, byte[] value, long sortKey, long sequence) {
    return Entry.fromWire(
        from.key(),
        value,
        sortKey,
        from.owner(),
        sequence,
        from.expiresAtMillis(),
        from.isTombstone(),
        from.signature());
  }
}
