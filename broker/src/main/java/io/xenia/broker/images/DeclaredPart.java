package io.xenia.broker.images;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * One file of an image as its owner declared it: the bytes it must have (size and sha256) and the
 * format they must be in; fetched from {@code url} by the broker, or uploaded in chunks when
 * absent.
 */
public record DeclaredPart(
    PartName name, String sha256, long sizeBytes, ImageFormat format, Optional<URI> url) {
  public DeclaredPart {
    requireNonNull(name, "name is null");
    Digests.check(sha256);
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("sizeBytes must be positive");
    }
    requireNonNull(format, "format is null");
    requireNonNull(url, "url is null");
  }

  public ChunkPlan plan(int chunkSize) {
    return new ChunkPlan(sizeBytes, chunkSize);
  }
}
