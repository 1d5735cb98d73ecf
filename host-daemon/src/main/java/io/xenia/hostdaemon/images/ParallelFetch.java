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
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a blob chunk by chunk into a file, {@code parallelism} chunks at a time, from one or more
 * {@link ChunkSource}s. Every chunk is checked against the manifest before it is written at its
 * offset; a chunk whose transfer broke or whose bytes are wrong is fetched again (from another
 * source when there is one) while the chunks already written stay — so a cut connection costs one
 * chunk, not the image. The first source is the broker, which has every verified blob; which source
 * each attempt goes to is {@link SourcePlan}'s choice (the broker while one of its slots is free,
 * else a peer that said it holds the chunk). A chunk's last attempt goes to the broker; a chunk
 * that fails {@code maxAttempts} times fails the fetch.
 */
public final class ParallelFetch {
  /** What one fetch did; {@code peerBytes} came from sources other than the first (the broker). */
  public record Stats(int chunks, int retries, long bytes, long millis, long peerBytes) {}

  static final long WAIT_STEP_MILLIS = 100;

  private final int parallelism;
  private final int brokerSlots;
  private final int maxAttempts;
  private final long backoffMillis;

  /**
   * @param parallelism chunks in flight at once
   * @param brokerSlots of those, at most this many from the broker (the first source) while peers
   *     can serve; a fetch with no other source gives the broker all {@code parallelism}
   * @param maxAttempts attempts per chunk, the last one at the broker
   * @param backoffMillis wait after a broker failure, times the attempt
   */
  public ParallelFetch(int parallelism, int brokerSlots, int maxAttempts, long backoffMillis) {
    if (parallelism < 1 || brokerSlots < 1 || maxAttempts < 1 || backoffMillis < 0) {
      throw new IllegalArgumentException("parallelism, slots and attempts must be positive");
    }
    this.parallelism = parallelism;
    this.brokerSlots = Math.min(brokerSlots, parallelism);
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
   * <p>Each fetch starts at a random chunk, so hosts fetching the same blob at once take different
   * chunks from the broker first and can then serve each other the rest.
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
    sources.forEach(s -> s.fetching(manifest));
    ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    int start = random.nextInt(Math.max(1, manifest.count()));
    for (int k = 0; k < manifest.count(); k++) {
      todo.add((start + k) % manifest.count());
    }
    int[] attempts = new int[manifest.count()];
    AtomicInteger retries = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    AtomicLong peerBytes = new AtomicLong();
    AtomicReference<ImageException> failure = new AtomicReference<>();
    int workers = Math.min(parallelism, manifest.count());
    // Alone, the broker gets every worker; beside peers, at most brokerSlots of them.
    Semaphore slots = new Semaphore(sources.size() == 1 ? workers : Math.min(workers, brokerSlots));
    // The workers kept for peers, lent to the broker for a chunk no peer can give now.
    Semaphore spare = new Semaphore(workers - slots.availablePermits());
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
                    ChunkSource broker = sources.get(0);
                    ChunkSource source;
                    Semaphore brokerSlot = null;
                    try {
                      long offset = manifest.offset(index);
                      int length = manifest.length(index);
                      boolean last = attempt + 1 >= maxAttempts;
                      boolean free = slots.tryAcquire();
                      ChunkSource holding = free ? null : peer(sources, offset, length, true);
                      ChunkSource ask =
                          free || holding != null ? null : peer(sources, offset, length, false);
                      switch (SourcePlan.pick(last, free, holding != null, ask != null)) {
                        case BROKER -> {
                          source = broker;
                          brokerSlot = slots;
                        }
                        case PEER_HOLDING -> source = holding;
                        case PEER_TO_ASK -> source = ask;
                        default -> {
                          // No peer can give this chunk now (nor may soon: holders not looked up
                          // yet): the broker may use the workers kept for peers too (a host alone
                          // fetches at full parallelism). Else, while
                          // waiting for a broker slot, a peer may come to hold the chunk (one
                          // finished and said so): looked at again every WAIT_STEP_MILLIS.
                          ChunkSource later = null;
                          Semaphore held = null;
                          while (held == null) {
                            if (!peersMayHoldSoon(sources) && spare.tryAcquire()) {
                              held = spare;
                            } else if (slots.tryAcquire(WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                              held = slots;
                            } else if (!last
                                && (later = peer(sources, offset, length, true)) != null) {
                              break;
                            }
                          }
                          source = later != null ? later : broker;
                          brokerSlot = held;
                        }
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      failure.compareAndSet(
                          null,
                          new ImageException(ImageException.Kind.UNREACHABLE, "interrupted", e));
                      return;
                    }
                    try {
                      byte[] chunk;
                      try {
                        chunk = fetchOne(manifest, source, index);
                      } finally {
                        if (brokerSlot != null) {
                          brokerSlot.release();
                        }
                      }
                      write(out, chunk, manifest.offset(index));
                      written.accept(index);
                      bytes.addAndGet(chunk.length);
                      if (source != broker) {
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
                      if (source == broker) {
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

  /**
   * A peer (a source after the first) that said it holds the range ({@code holding}), or else one
   * worth asking; starting at a random one so that workers spread over peers. Null if none.
   */
  private static ChunkSource peer(
      List<ChunkSource> sources, long offset, int length, boolean holding) {
    int peers = sources.size() - 1;
    if (peers < 1) {
      return null;
    }
    int start = ThreadLocalRandom.current().nextInt(peers);
    for (int k = 0; k < peers; k++) {
      ChunkSource s = sources.get(1 + (start + k) % peers);
      if (holding ? s.knownToHold(offset, length) : s.worthAsking(offset, length)) {
        return s;
      }
    }
    return null;
  }

  private static boolean peersMayHoldSoon(List<ChunkSource> sources) {
    for (int i = 1; i < sources.size(); i++) {
      if (sources.get(i).mayHoldSoon()) {
        return true;
      }
    }
    return false;
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
