package io.xenia.dht.internal;

import io.xenia.dht.NodeId;
import java.util.Random;

/** Id arithmetic the node needs beyond {@link NodeId}. */
final class Ids {
  private Ids() {}

  /**
   * A random id whose XOR distance from {@code self} has bucket index {@code bucket}: it shares the
   * top {@code 255 - bucket} bits with self, differs in the next, and is random below.
   */
  static NodeId randomInBucket(NodeId self, int bucket, Random random) {
    byte[] id = self.bytes();
    byte[] noise = new byte[NodeId.LENGTH];
    random.nextBytes(noise);
    int flipBit = bucket; // counted from the least significant bit
    int flipByte = NodeId.LENGTH - 1 - flipBit / 8;
    int bitInByte = flipBit % 8;
    id[flipByte] ^= (byte) (1 << bitInByte);
    int lowMask = (1 << bitInByte) - 1;
    id[flipByte] = (byte) ((id[flipByte] & ~lowMask) | (noise[flipByte] & lowMask));
    for (int i = flipByte + 1; i < NodeId.LENGTH; i++) {
      id[i] = noise[i];
    }
    return NodeId.fromBytes(id);
  }
}
