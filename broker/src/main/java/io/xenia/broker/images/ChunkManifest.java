package io.xenia.broker.images;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The chunk digests of a stored blob: what a host verifies every fetched range against, whether it
 * came from the broker or from a peer, before it has the whole file.
 */
public record ChunkManifest(String sha256, long sizeBytes, int chunkSize, List<String> chunks) {
  public ChunkManifest {
    Digests.check(sha256);
    requireNonNull(chunks, "chunks is null");
    chunks = List.copyOf(chunks);
    if (chunks.size() != new ChunkPlan(sizeBytes, chunkSize).count()) {
      throw new IllegalArgumentException("a manifest needs one digest per chunk");
    }
    chunks.forEach(Digests::check);
  }

  /** One line "sha256 size chunkSize", then one chunk digest per line. */
  public String encode() {
    StringBuilder b = new StringBuilder();
    b.append(sha256).append(' ').append(sizeBytes).append(' ').append(chunkSize).append('\n');
    chunks.forEach(c -> b.append(c).append('\n'));
    return b.toString();
  }

  public static ChunkManifest decode(String text) {
    String[] lines = text.split("\n");
    String[] head = lines[0].split(" ");
    return new ChunkManifest(
        head[0],
        Long.parseLong(head[1]),
        Integer.parseInt(head[2]),
        List.of(lines).subList(1, lines.length));
  }
}
