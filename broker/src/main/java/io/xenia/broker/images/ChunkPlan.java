package io.xenia.broker.images;

/**
 * How a part of {@code size} bytes is cut into chunks of {@code chunkSize} bytes: every chunk is
 * full except perhaps the last. Uploads, manifests and hosts' ranged fetches use the same cut.
 */
public record ChunkPlan(long size, int chunkSize) {
  public ChunkPlan {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive");
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be positive");
    }
  }

  public int count() {
    return (int) ((size + chunkSize - 1) / chunkSize);
  }

  public long offset(int index) {
    return (long) index * chunkSize;
  }

  /** The length chunk {@code index} must have. */
  public int length(int index) {
    if (index < 0 || index >= count()) {
      throw new IndexOutOfBoundsException("chunk " + index + " of " + count());
    }
    return (int) Math.min(chunkSize, size - offset(index));
  }
}
