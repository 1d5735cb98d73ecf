package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Fetching an image the way a host should: look up its holders in the DHT, fetch chunks from up to
 * {@code maxPeers} of them and the broker (every chunk verified against the broker's manifest),
 * then advertise this host as a holder so the next hosts can fetch from it. A DHT that does not
 * answer only means fetching from the broker alone.
 */
public final class ImageSwarm {
  private static final System.Logger LOG = System.getLogger(ImageSwarm.class.getName());
  private final ImageCache cache;
  private final BrokerBlobs broker;
  private final ImageHolders holders;
  private final URI self;
  private final SSLContext tls;
  private final int maxPeers;
  private final Map<URI, PeerChunkSource> peers = new ConcurrentHashMap<>();

  /**
   * @param self this host's {@link PeerChunkServer} URI, advertised after a fetch
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
    this.tls = requireNonNull(tls, "tls is null");
    this.maxPeers = maxPeers;
  }

  /** The verified image file, fetched from peers and the broker if not cached; then advertised. */
  public Path fetch(String sha256) throws ImageException {
    List<URI> found = new ArrayList<>();
    try {
      found.addAll(holders.holders(sha256, self).get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "no holders of " + sha256 + " from the DHT: " + e);
    }
    Collections.shuffle(found); // spread the load over holders
    // Advertised before fetching: chunks are served to peers as soon as they are verified here, so
    // hosts that start together fetch from each other instead of all from the broker.
    holders
        .advertise(sha256, self)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                LOG.log(System.Logger.Level.WARNING, "cannot advertise " + sha256 + ": " + e);
              }
            });
    // One pool of holders, refreshed from the DHT while fetching, listed maxPeers times beside the
    // broker: most chunks are asked of a peer first, the broker gets its share and every chunk
    // that peers cannot give (yet).
    HolderPool pool = new HolderPool(holders, sha256, self, tls, peers, maxPeers, 500, found);
    List<ChunkSource> sources = new ArrayList<>();
    for (int i = 0; i < Math.max(1, maxPeers); i++) {
      sources.add(pool);
    }
    Path file = cache.fetchByDigest(sha256, broker, sources);
    try {
      // Waited for (briefly) so that a host told "fetched" is already findable by the next ones.
      holders.advertise(sha256, self).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "cannot advertise " + sha256 + ": " + e);
    }
    return file;
  }
}
