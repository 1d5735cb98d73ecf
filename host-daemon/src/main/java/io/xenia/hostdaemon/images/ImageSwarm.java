package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * Fetching an image the way a host should: chunks from the broker and from up to {@code maxPeers}
 * holders found in the DHT (every chunk verified against the broker's manifest), this host itself
 * advertised as a holder as it starts, so hosts that fetch together serve each other the chunks
 * they have verified. A DHT that does not answer only means fetching from the broker alone.
 *
 * <p>Nothing here waits for the DHT: the holder look-up runs while the manifest is fetched (the
 * first chunks go to the broker anyway, see {@link SourcePlan}), and the advertisement is one DHT
 * store per image and fetch, sent after a random delay of up to {@link #ADVERTISE_JITTER_MILLIS} so
 * that a hundred hosts told at once do not store into the same DHT nodes in the same instant; a
 * fetch that ends first waits for it up to {@link #ADVERTISE_WAIT_MILLIS}, and only if it failed
 * (or is that slow) is it sent again.
 */
public final class ImageSwarm {
  private static final System.Logger LOG = System.getLogger(ImageSwarm.class.getName());
  static final long ADVERTISE_JITTER_MILLIS = 500;
  static final long HOLDER_REFRESH_MILLIS = 500;
  static final long ADVERTISE_WAIT_MILLIS = 1000;

  private final ImageCache cache;
  private final BrokerBlobs broker;
  private final ImageHolders holders;
  private final URI self;
  private final HttpClient peerClient;
  private final int maxPeers;
  private final Map<URI, PeerChunkSource> peers = new ConcurrentHashMap<>();

  /**
   * @param self this host's {@link PeerChunkServer} URI, advertised
   * @param tls this host's mTLS client context for peers
   */
  public ImageSwarm(
      ImageCache cache,
      BrokerBlobs broker,
      ImageHolders holders,
      URI self,
      SSLContext tls,
      int maxPeers) {
    this.cache = requireNonNull(cache, "cache is null");
    this.broker = requireNonNull(broker, "broker is null");
    this.holders = requireNonNull(holders, "holders is null");
    this.self = requireNonNull(self, "self is null");
    // One client for every peer: kept-alive connections, one TLS session cache.
    this.peerClient = PeerChunkSource.client(tls);
    this.maxPeers = maxPeers;
  }

  /** The verified image file, fetched from peers and the broker if not cached; advertised. */
  public Path fetch(String sha256) throws ImageException {
    if (cache.held(sha256).isPresent()) {
      return cache.fetchByDigest(sha256, broker, List.of());
    }
    // "Fetching" is advertised only for an image large enough that peers ask partial holders
    // (HolderPool.CHUNKS_PER_PEER chunks and more): for a small one it would be a DHT store no
    // one uses. Known once the manifest is.
    AtomicBoolean done = new AtomicBoolean();
    // One pool of holders, refreshed from the DHT while fewer than maxPeers are known; what each
    // holder said it holds (its chunk bitmap) is kept per peer across this host's fetches.
    HolderPool pool =
        new HolderPool(
            holders, sha256, self, peerClient, peers, maxPeers, HOLDER_REFRESH_MILLIS, List.of());
    pool.onManifest(
        manifest -> {
          if (manifest.count() >= HolderPool.CHUNKS_PER_PEER) {
            advertiseFetchingSoon(sha256, done);
          }
        });
    pool.lookUp();
    Path file = cache.fetchByDigest(sha256, broker, List.of(pool));
    // Now complete: the same entry again, replacing "fetching" (signed later, so with a higher
    // sequence; a "fetching" not signed yet never will be), so that later hosts ask this one
    // without probing. Waited for briefly so that a host told "fetched" is findable as a holder.
    CompletableFuture<Void> complete;
    synchronized (done) {
      done.set(true);
      complete = advertise(sha256, true);
    }
    try {
      complete.get(ADVERTISE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // logged by advertise(); the daemon's renewal re-adds it (ImagePeering)
    }
    return file;
  }

  private void advertiseFetchingSoon(String sha256, AtomicBoolean done) {
    long delay = ThreadLocalRandom.current().nextLong(ADVERTISE_JITTER_MILLIS + 1);
    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              synchronized (done) {
                if (!done.get()) {
                  advertise(sha256, false);
                }
              }
            });
  }

  private CompletableFuture<Void> advertise(String sha256, boolean complete) {
    CompletableFuture<Void> f;
    try {
      f = holders.advertise(sha256, self, complete);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.whenComplete(
        (v, e) -> {
          if (e != null) {
            LOG.log(System.Logger.Level.WARNING, "cannot advertise " + sha256 + ": " + e);
          }
        });
  }
}
