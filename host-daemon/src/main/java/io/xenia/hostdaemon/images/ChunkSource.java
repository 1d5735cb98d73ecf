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

  /**
   * Whether this source said it holds every chunk the range touches (a peer's {@link ChunkBitmap}):
   * such a source is asked before one that may not. The broker, which holds every verified blob, is
   * not asked this.
   */
  default boolean knownToHold(long offset, int length) {
    return false;
  }

  /**
   * Whether asking for the range without knowing is worth a request: a peer that has not said what
   * it holds, or said so a while ago (it may have fetched more since). A source that answers false
   * to both is skipped without a request.
   */
  default boolean worthAsking(long offset, int length) {
    return true;
  }

  /**
   * Whether this source, unable to give a chunk now, may be able to shortly (a peer pool whose
   * first holder look-up has not answered yet): the fetch then waits for it rather than give its
   * workers to the broker.
   */
  default boolean mayHoldSoon() {
    return false;
  }

  /** Told the manifest of a fetch before it asks this source for any of its chunks. */
  default void fetching(ChunkManifest manifest) {}
}
