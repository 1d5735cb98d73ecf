package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a blob chunk by chunk into a file, {@code parallelism} chunks at a time, from one or more
 * {@link ChunkSource}s. Every chunk is checked against the manifest before it is written at its
 * offset; a chunk whose transfer broke or whose bytes are wrong is fetched again (from the next
 * source) while the chunks already written stay — so a cut connection costs one chunk, not the
 * image. A chunk's last attempt goes to the first source (the broker, which has every verified
 * blob); a chunk that fails {@code maxAttempts} times fails the fetch.
 */
public final class ParallelFetch {
  /** What a fetch did. */
  /** What one fetch did; {@code peerBytes} came from sources other than the first (the broker). */
  public record Stats(int chunks, int retries, long bytes, long millis, long peerBytes) {}

  private final int parallelism;
  private final int maxAttempts;
  private final long backoffMillis;

  public ParallelFetch(int parallelism, int maxAttempts, long backoffMillis) {
    if (parallelism < 1 || maxAttempts < 1 || backoffMillis < 0) {
      throw new IllegalArgumentException("parallelism and attempts must be positive");
    }
    this.parallelism = parallelism;
    this.maxAttempts = maxAttempts;
    this.backoffMillis = backoffMillis;
  }

  /**
   * Fills {@code file} (created empty by the caller) with the blob; verified chunk by chunk. The
   * caller still checks the whole file's digest before trusting it.
   */
  public Stats fetch(ChunkManifest manifest, List<ChunkSource> sources, Path file)
      throws ImageException {
    return fetch(manifest, sources, file, i -> {});
  }

  /**
   * As {@link #fetch(ChunkManifest, List, Path)}, telling {@code written} each chunk index once it
   * is verified and written (so the chunk can be served to peers before the whole file is done).
   *
   * <p>Each fetch starts at a random chunk and a random source, so hosts fetching the same blob at
   * once take different chunks from the broker first and can then serve each other the rest.
   */
  public Stats fetch(
      ChunkManifest manifest,
      List<ChunkSource> sources,
      Path file,
      java.util.function.IntConsumer written)
      throws ImageException {
    requireNonNull(manifest, "manifest is null");
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no chunk sources");
    }
    long started = System.nanoTime();
    ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    int start = random.nextInt(Math.max(1, manifest.count()));
    int rotation = random.nextInt(sources.size());
    for (int k = 0; k < manifest.count(); k++) {
      todo.add((start + k) % manifest.count());
    }
    int[] attempts = new int[manifest.count()];
    AtomicInteger retries = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    AtomicLong peerBytes = new AtomicLong();
    AtomicReference<ImageException> failure = new AtomicReference<>();
    int workers = Math.min(parallelism, manifest.count());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "image-chunk-fetch");
              t.setDaemon(true);
              return t;
            });
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        running.add(
            pool.submit(
                () -> {
                  Integer index;
                  while (failure.get() == null && (index = todo.poll()) != null) {
                    int attempt;
                    synchronized (attempts) {
                      attempt = attempts[index]++;
                    }
                    // Spread over the sources; a chunk's last attempt always goes to the first
                    // (the broker), so dead peers alone can never fail a fetch.
                    ChunkSource source =
                        attempt + 1 >= maxAttempts
                            ? sources.get(0)
                            : sources.get((index + attempt + rotation) % sources.size());
                    try {
                      byte[] chunk = fetchOne(manifest, source, index);
                      write(out, chunk, manifest.offset(index));
                      written.accept(index);
                      bytes.addAndGet(chunk.length);
                      if (source != sources.get(0)) {
                        peerBytes.addAndGet(chunk.length);
                      }
                    } catch (IOException | ImageException e) {
                      boolean refused =
                          e instanceof ImageException ie
                              && ie.kind() != ImageException.Kind.DIGEST_MISMATCH;
                      if (refused || attempt + 1 >= maxAttempts) {
                        failure.compareAndSet(null, asImageException(manifest, index, e));
                        return;
                      }
                      retries.incrementAndGet();
                      // A peer that cannot give the chunk (not yet held, busy, gone) costs no
                      // wait: the next attempt goes to another source. The broker failing does.
                      if (source == sources.get(0)) {
                        sleep(backoffMillis * (attempt + 1));
                      }
                      todo.add(index);
                    }
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      out.force(true);
    } catch (IOException e) {
      throw new ImageException(ImageException.Kind.IO, "cannot write " + file + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(ImageException.Kind.UNREACHABLE, "interrupted", e);
    } catch (ExecutionException e) {
      throw new ImageException(ImageException.Kind.IO, String.valueOf(e.getCause()), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return new Stats(
        manifest.count(),
        retries.get(),
        bytes.get(),
        (System.nanoTime() - started) / 1_000_000,
        peerBytes.get());
  }

  private static byte[] fetchOne(ChunkManifest manifest, ChunkSource source, int index)
      throws IOException, ImageException {
    byte[] chunk = source.read(manifest.sha256(), manifest.offset(index), manifest.length(index));
    String actual = HexFormat.of().formatHex(sha256().digest(chunk));
    if (chunk.length != manifest.length(index) || !actual.equals(manifest.chunks().get(index))) {
      throw new ImageException(
          ImageException.Kind.DIGEST_MISMATCH,
          "chunk " + index + " of " + manifest.sha256() + " from " + source.name() + " is wrong");
    }
    return chunk;
  }

  private static void write(FileChannel out, byte[] chunk, long offset) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(chunk);
    long at = offset;
    while (b.hasRemaining()) {
      at += out.write(b, at);
    }
  }

  private static ImageException asImageException(ChunkManifest m, int index, Exception e) {
    if (e instanceof ImageException ie) {
      return ie;
    }
    return new ImageException(
        ImageException.Kind.UNREACHABLE,
        "chunk " + index + " of " + m.sha256() + " could not be fetched: " + e,
        e);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
