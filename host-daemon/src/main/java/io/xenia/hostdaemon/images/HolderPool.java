package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * The peers that hold (or are fetching) one blob, as one {@link ChunkSource}: each read goes to a
 * random holder known now, and the holder list is looked up again in the DHT at most every {@code
 * refreshMillis} while fewer than {@code maxPeers} are known — hosts that start together advertise
 * as they start, so a host finds the others during its fetch, not only those that were there before
 * it. With no holder known (yet) a read fails at once and the fetch takes that chunk elsewhere (the
 * broker).
 */
final class HolderPool implements ChunkSource {
  private static final System.Logger LOG = System.getLogger(HolderPool.class.getName());
  private final ImageHolders holders;
  private final String sha256;
  private final URI self;
  private final SSLContext tls;
  private final Map<URI, PeerChunkSource> connections;
  private final int maxPeers;
  private final long refreshMillis;
  private volatile List<URI> known;
  private volatile long refreshedAt;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  HolderPool(
      ImageHolders holders,
      String sha256,
      URI self,
      SSLContext tls,
      Map<URI, PeerChunkSource> connections,
      int maxPeers,
      long refreshMillis,
      List<URI> initial) {
    this.holders = requireNonNull(holders, "holders is null");
    this.sha256 = sha256;
    this.self = self;
    this.tls = tls;
    this.connections = connections;
    this.maxPeers = maxPeers;
    this.refreshMillis = refreshMillis;
    this.known = limit(initial);
    this.refreshedAt = System.nanoTime();
  }

  private List<URI> limit(List<URI> found) {
    List<URI> copy = new ArrayList<>(found);
    java.util.Collections.shuffle(copy);
    return List.copyOf(copy.subList(0, Math.min(maxPeers, copy.size())));
  }

  int known() {
    return known.size();
  }

  @Override
  public byte[] read(String sha, long offset, int length) throws IOException, ImageException {
    refreshIfDue();
    List<URI> now = known;
    if (now.isEmpty()) {
      throw new IOException("no peer holds " + sha + " yet");
    }
    URI peer = now.get(ThreadLocalRandom.current().nextInt(now.size()));
    return connections
        .computeIfAbsent(peer, p -> new PeerChunkSource(p, tls))
        .read(sha, offset, length);
  }

  private void refreshIfDue() {
    // A lookup verifies every holder's signed entry: with many holders that is the swarm's main
    // CPU cost, so once maxPeers are known the list is kept.
    if (known.size() >= maxPeers
        || System.nanoTime() - refreshedAt < refreshMillis * 1_000_000L
        || !refreshing.compareAndSet(false, true)) {
      return;
    }
    holders
        .holders(sha256, self)
        .whenComplete(
            (found, e) -> {
              if (e == null) {
                known = limit(found);
              } else {
                LOG.log(System.Logger.Level.DEBUG, "holder refresh failed: " + e);
              }
              refreshedAt = System.nanoTime();
              refreshing.set(false);
            });
  }

  @Override
  public String name() {
    return "peers holding " + sha256;
  }
}
