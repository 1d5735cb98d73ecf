package io.xenia.hostdaemon.images;

import java.io.IOException;

/**
 * Somewhere chunks of a blob can be read: the broker's store, or (next) a peer host that holds
 * them. Sources are untrusted for content: the caller verifies every chunk against the manifest.
 */
public interface ChunkSource {
  /**
   * Reads {@code length} bytes at {@code offset} of blob {@code sha256}.
   *
   * @throws IOException if the transfer fails or is cut (the caller retries the chunk)
   * @throws ImageException if the source refuses (not found, not allowed)
   */
  byte[] read(String sha256, long offset, int length) throws IOException, ImageException;

  /** For logs and statistics. */
  String name();
}
