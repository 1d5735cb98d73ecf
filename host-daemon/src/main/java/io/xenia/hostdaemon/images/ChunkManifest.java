package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The broker's list of a blob's chunk digests: every range fetched (from the broker or, later, a
 * peer) is checked against it before it is written, so a bad chunk is refused and fetched again on
 * its own instead of failing the whole image at the end.
 */
public record ChunkManifest(String sha256, long sizeBytes, int chunkSize, List<String> chunks) {
  public ChunkManifest {
    ImageRef.checkDigest(sha256);
    if (sizeBytes <= 0 || chunkSize <= 0) {
      throw new IllegalArgumentException("size and chunk size must be positive");
    }
    chunks = List.copyOf(requireNonNull(chunks, "chunks is null"));
    if (chunks.size() != (sizeBytes + chunkSize - 1) / chunkSize) {
      throw new IllegalArgumentException("a manifest needs one digest per chunk");
    }
    chunks.forEach(ImageRef::checkDigest);
  }

  public int count() {
    return chunks.size();
  }

  public long offset(int index) {
    return (long) index * chunkSize;
  }

  public int length(int index) {
    return (int) Math.min(chunkSize, sizeBytes - offset(index));
  }
}
