package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.store.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The content-addressed image cache: {@code <dir>/sha256/<hex>} holds a file whose SHA-256 is
 * {@code <hex>}, and nothing else ever does.
 *
 * <p>A fetch streams the URL's body to a temporary file in {@code <dir>/tmp} while hashing it; only
 * a file with the requested digest is fsynced and renamed into place, so a wrong digest, a broken
 * transfer or a crash leaves nothing in the cache (temporary files are deleted at open). Concurrent
 * fetches of one digest share one download. The cache keeps its total size within a byte budget by
 * evicting the least recently used images (last use is the file's modification time, so the order
 * survives restarts); an image larger than the whole budget is refused while it downloads.
 * Thread-safe.
 */
public final class ImageCache implements ImageSource {
  private final Path files;
  private final Path tmp;
  private final long budgetBytes;
  private final HttpClient http;
  private final Clock clock;
  private final Duration timeout;

  /** Digest → size, in least-recently-used-first order. Guarded by itself. */
  private final LinkedHashMap<String, Long> lru = new LinkedHashMap<>(16, 0.75f, true);

  private final Map<String, CompletableFuture<Path>> downloads = new ConcurrentHashMap<>();

  /** A chunked fetch in progress: which chunks of its {@code .part} file are verified. */
  private record Partial(Path file, ChunkManifest manifest, java.util.BitSet have) {}

  private final Map<String, Partial> partials = new ConcurrentHashMap<>();
  private long totalBytes;
  // Four chunks in flight, at most two of them at the broker while peers can serve (SourcePlan).
  private final ParallelFetch chunkFetch = new ParallelFetch(4, 2, 5, 100);
  private volatile ParallelFetch.Stats lastChunked;
  private final java.util.concurrent.atomic.AtomicLong chunkedBytes =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong peerBytes =
      new java.util.concurrent.atomic.AtomicLong();

  private ImageCache(Path dir, long budgetBytes, HttpClient http, Clock clock, Duration timeout) {
    this.files = dir.resolve("sha256");
    this.tmp = dir.resolve("tmp");
    this.budgetBytes = budgetBytes;
    this.http = http;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Opens (creating) the cache in {@code dir}, indexing what is there. */
  public static ImageCache open(Path dir, long budgetBytes, Clock clock) throws IOException {
    requireNonNull(dir, "dir is null");
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("budget must be positive");
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    ImageCache cache = new ImageCache(dir, budgetBytes, http, clock, Duration.ofMinutes(30));
    cache.load();
    return cache;
  }

  private void load() throws IOException {
    Files.createDirectories(files);
    Files.createDirectories(tmp);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> cached = Files.newDirectoryStream(files)) {
      cached.forEach(found::add);
    }
    found.sort(Comparator.comparing(ImageCache::lastUse));
    synchronized (lru) {
      for (Path p : found) {
        long size = Files.size(p);
        lru.put(p.getFileName().toString(), size);
        totalBytes += size;
      }
    }
  }

  @Override
  public BootImage resolve(ImageRef ref) throws ImageException {
    return resolve(ref, this::heldOrRefused);
  }

  /** How a file named only by its digest is obtained. */
  @FunctionalInterface
  public interface ByDigest {
    Path fetch(String sha256) throws ImageException;
  }

  /**
   * Like {@link #resolve(ImageRef)}, but files named only by digest come from {@code byDigest} (the
   * daemon's {@link ImageSwarm}).
   */
  public BootImage resolve(ImageRef ref, ByDigest byDigest) throws ImageException {
    Path main = file(ref, byDigest);
    Optional<Path> initrd = Optional.empty();
    if (ref.initrd().isPresent()) {
      initrd = Optional.of(file(ref.initrd().get(), byDigest));
    }
    return new BootImage(ref.sha256(), ref.kind(), main, initrd);
  }

  private Path file(ImageRef ref, ByDigest byDigest) throws ImageException {
    if (ref.url().isPresent()) {
      return fetch(ref.sha256(), ref.url().get());
    }
    return byDigest.fetch(ref.sha256());
  }

  private Path heldOrRefused(String sha256) throws ImageException {
    Optional<Path> hit = cached(ImageRef.checkDigest(sha256));
    if (hit.isPresent()) {
      return hit.get();
    }
    throw new ImageException(
        ImageException.Kind.NOT_FOUND,
        sha256 + " is not cached and this daemon has no broker to fetch images from by digest");
  }

  /**
   * The cached file with this digest, downloading it from {@code url} first if needed.
   *
   * @throws ImageException if it could not be fetched or does not have the digest
   */
  public Path fetch(String sha256, URI url) throws ImageException {
    return obtain(sha256, () -> download(sha256, url));
  }

  /**
   * The cached file with this digest, fetched by digest from the broker's store if needed: the
   * broker's chunk manifest first, then the chunks in parallel from {@code sources} (the broker,
   * and peers that hold them), each verified against the manifest and fetched again on its own when
   * a transfer breaks; finally the whole file's digest.
   *
   * @throws ImageException if it could not be fetched or does not have the digest
   */
  public Path fetchByDigest(String sha256, BrokerBlobs broker, List<ChunkSource> peers)
      throws ImageException {
    return obtain(sha256, () -> downloadChunked(sha256, broker, peers));
  }

  @Override
  public Map<String, String> counters() {
    return Map.of(
        "chunkedBytes", Long.toString(chunkedBytes.get()),
        "peerBytes", Long.toString(peerBytes.get()));
  }

  /** What the last chunked fetch did (for tests and logs); null before the first. */
  public ParallelFetch.Stats lastChunkedFetch() {
    return lastChunked;
  }

  @FunctionalInterface
  private interface Download {
    Path run() throws ImageException;
  }

  /** The cached file, or one download of it shared by concurrent callers. */
  private Path obtain(String sha256, Download download) throws ImageException {
    ImageRef.checkDigest(sha256);
    Optional<Path> hit = cached(sha256);
    if (hit.isPresent()) {
      return hit.get();
    }
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> shared = downloads.putIfAbsent(sha256, mine);
    if (shared != null) {
      return await(shared);
    }
    try {
      Optional<Path> raced = cached(sha256); // finished between our look-up and putIfAbsent
      mine.complete(raced.isPresent() ? raced.get() : download.run());
    } catch (ImageException | RuntimeException e) {
      mine.completeExceptionally(e);
    } finally {
      downloads.remove(sha256, mine);
    }
    return await(mine);
  }

  private Path downloadChunked(String sha256, BrokerBlobs broker, List<ChunkSource> peers)
      throws ImageException {
    ChunkManifest manifest = null;
    // A busy broker (a connect timeout, a 503) is retried like a chunk; a refusal is not.
    for (int attempt = 1; manifest == null; attempt++) {
      try {
        manifest = broker.manifest(sha256);
      } catch (java.io.IOException e) {
        if (attempt >= 5) {
          throw new ImageException(
              ImageException.Kind.UNREACHABLE,
              "cannot fetch the manifest of " + sha256 + ": " + e,
              e);
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ImageException(ImageException.Kind.UNREACHABLE, "interrupted", interrupted);
        }
      }
    }
    if (manifest.sizeBytes() > budgetBytes) {
      throw new ImageException(
          ImageException.Kind.TOO_LARGE,
          sha256 + " is larger than the whole image cache (" + budgetBytes + " bytes)");
    }
    Path part;
    try {
      part = Files.createTempFile(tmp, sha256, ".part");
    } catch (IOException e) {
      throw new ImageException(ImageException.Kind.IO, "cannot create a file in " + tmp, e);
    }
    try {
      List<ChunkSource> sources = new ArrayList<>();
      sources.add(broker);
      sources.addAll(peers);
      Partial partial = new Partial(part, manifest, new java.util.BitSet(manifest.count()));
      partials.put(sha256, partial);
      try {
        lastChunked =
            chunkFetch.fetch(
                manifest,
                sources,
                part,
                i -> {
                  synchronized (partial.have()) {
                    partial.have().set(i);
                  }
                });
      } finally {
        partials.remove(sha256, partial);
      }
      chunkedBytes.addAndGet(lastChunked.bytes());
      peerBytes.addAndGet(lastChunked.peerBytes());
      String actual;
      try {
        actual = HexFormat.of().formatHex(digestOf(part));
      } catch (IOException e) {
        throw new ImageException(ImageException.Kind.IO, "cannot read " + part, e);
      }
      if (!actual.equals(sha256)) {
        throw new ImageException(
            ImageException.Kind.DIGEST_MISMATCH,
            "the chunks of " + sha256 + " add up to sha256 " + actual);
      }
      Path target = files.resolve(sha256);
      try {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.fsyncDirectory(files);
      } catch (IOException e) {
        throw new ImageException(ImageException.Kind.IO, "cannot store " + sha256, e);
      }
      admit(sha256, manifest.sizeBytes());
      return target;
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        // left for the next open to delete
      }
    }
  }

  private static byte[] digestOf(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
    }
    return digest.digest();
  }

  /** The cached file with this digest, if held (for serving peers; does not count as a use). */
  public Optional<Path> held(String sha256) {
    ImageRef.checkDigest(sha256);
    synchronized (lru) {
      if (!lru.containsKey(sha256)) {
        return Optional.empty();
      }
    }
    return Optional.of(files.resolve(sha256));
  }

  /**
   * The file to read bytes {@code [first, last]} of {@code sha256} from for a peer: the cached
   * file, or the {@code .part} file of a fetch in progress when every chunk the range touches is
   * already verified and written there (so hosts fetching at once serve each other). Empty
   * otherwise. The part file may be renamed or deleted right after: a reader that then fails
   * answers 404.
   */
  public Optional<Path> readable(String sha256, long first, long last) {
    Optional<Path> whole = held(sha256);
    if (whole.isPresent()) {
      return whole;
    }
    Partial p = partials.get(sha256);
    if (p == null || first < 0 || last < first || last >= p.manifest().sizeBytes()) {
      return Optional.empty();
    }
    long chunk = p.manifest().chunkSize();
    int from = (int) (first / chunk);
    int to = (int) (last / chunk);
    synchronized (p.have()) {
      return p.have().nextClearBit(from) > to ? Optional.of(p.file()) : Optional.empty();
    }
  }

  /**
   * What this cache can serve peers of {@code sha256}: {@link ChunkBitmap#ALL} when it holds the
   * file, the verified chunks of a fetch in progress, or empty when it holds nothing of it.
   */
  public Optional<ChunkBitmap> chunksHeld(String sha256) {
    if (held(sha256).isPresent()) {
      return Optional.of(ChunkBitmap.ALL);
    }
    Partial p = partials.get(sha256);
    if (p == null) {
      return Optional.empty();
    }
    synchronized (p.have()) {
      return Optional.of(ChunkBitmap.of(p.manifest().chunkSize(), p.manifest().count(), p.have()));
    }
  }

  /** The digests in the cache, least recently used first. */
  public List<String> digests() {
    synchronized (lru) {
      return List.copyOf(lru.keySet());
    }
  }

  /** Bytes held. */
  public long totalBytes() {
    synchronized (lru) {
      return totalBytes;
    }
  }

  private Optional<Path> cached(String sha256) {
    synchronized (lru) {
      if (lru.get(sha256) == null) { // get() also marks it most recently used
        return Optional.empty();
      }
    }
    Path p = files.resolve(sha256);
    try {
      Files.setLastModifiedTime(p, FileTime.from(clock.instant()));
    } catch (IOException e) {
      // Only the eviction order after a restart suffers.
    }
    return Optional.of(p);
  }

  private Path download(String sha256, URI url) throws ImageException {
    String scheme = url.getScheme() == null ? "" : url.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ImageException(ImageException.Kind.HTTP_ERROR, "only http(s) images: " + url);
    }
    Path part;
    try {
      part = Files.createTempFile(tmp, sha256, ".part");
    } catch (IOException e) {
      throw new ImageException(ImageException.Kind.IO, "cannot create a file in " + tmp, e);
    }
    try {
      HttpResponse<InputStream> response;
      try {
        response =
            http.send(
                HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw new ImageException(
            ImageException.Kind.UNREACHABLE, "cannot fetch " + url + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageException(ImageException.Kind.UNREACHABLE, "interrupted fetching " + url, e);
      }
      String actual;
      long size;
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ImageException(
              ImageException.Kind.HTTP_ERROR, url + " answered HTTP " + response.statusCode());
        }
        MessageDigest digest = sha256();
        size = copy(body, part, digest, url);
        actual = HexFormat.of().formatHex(digest.digest());
      } catch (IOException e) {
        throw new ImageException(
            ImageException.Kind.UNREACHABLE, "transfer from " + url + " broke: " + e, e);
      }
      if (!actual.equals(sha256)) {
        throw new ImageException(
            ImageException.Kind.DIGEST_MISMATCH,
            url + " has sha256 " + actual + ", not the requested " + sha256);
      }
      Path target = files.resolve(sha256);
      try {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.fsyncDirectory(files);
      } catch (IOException e) {
        throw new ImageException(ImageException.Kind.IO, "cannot store " + sha256, e);
      }
      admit(sha256, size);
      return target;
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        // left for the next open to delete
      }
    }
  }

  /** Streams into {@code part}, hashing; fsyncs; refuses to grow beyond the budget. */
  private long copy(InputStream in, Path part, MessageDigest digest, URI url)
      throws IOException, ImageException {
    long size = 0;
    byte[] buf = new byte[1 << 16];
    try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        size += n;
        if (size > budgetBytes) {
          throw new ImageException(
              ImageException.Kind.TOO_LARGE,
              url + " is larger than the whole image cache (" + budgetBytes + " bytes)");
        }
        digest.update(buf, 0, n);
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(true);
    }
    return size;
  }

  /** Indexes a new image and evicts least recently used others until within budget. */
  private void admit(String sha256, long size) {
    List<String> evicted = new ArrayList<>();
    synchronized (lru) {
      lru.put(sha256, size);
      totalBytes += size;
      var it = lru.entrySet().iterator();
      while (totalBytes > budgetBytes && it.hasNext()) {
        Map.Entry<String, Long> e = it.next();
        if (e.getKey().equals(sha256)) {
          continue;
        }
        totalBytes -= e.getValue();
        evicted.add(e.getKey());
        it.remove();
      }
    }
    for (String old : evicted) {
      try {
        // A driver still reading it keeps its open file; the name goes now.
        Files.deleteIfExists(files.resolve(old));
      } catch (IOException e) {
        System.err.println("host-daemon: cannot evict image " + old + ": " + e);
      }
    }
  }

  private static Path await(CompletableFuture<Path> f) throws ImageException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(ImageException.Kind.UNREACHABLE, "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ImageException ie) {
        throw new ImageException(ie.kind(), ie.getMessage(), ie);
      }
      throw new ImageException(ImageException.Kind.IO, String.valueOf(e.getCause()), e.getCause());
    }
  }

  private static FileTime lastUse(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
