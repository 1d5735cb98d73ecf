package io.xenia.broker.images;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A blob's chunk digests: verify each fetched range before the whole file is there. */
@Serdeable
@Schema(name = "ImageChunkManifest")
public record ManifestView(String sha256, long sizeBytes, int chunkSize, List<String> chunks) {
  static ManifestView of(ChunkManifest m) {
    return new ManifestView(m.sha256(), m.sizeBytes(), m.chunkSize(), m.chunks());
  }
}
