package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The peers that hold (or are fetching) one blob, as one {@link ChunkSource}. The holder list is
 * looked up in the DHT as the fetch starts and again while fewer than {@code maxPeers} are known or
 * none of them holds the whole blob — hosts that start together advertise as they start, and
 * "complete" when done, so a host finds the others during its fetch — first after {@code
 * refreshMillis}, then backing off. A read goes to a holder that said it holds the chunk ({@link
 * ChunkBitmap}, or "complete" in the DHT), else to one worth asking (not heard from yet, within the
 * fetch's blind-ask limit, or said it lacked the chunk a while ago); with none, it fails at once,
 * without a request, and the fetch takes that chunk elsewhere (the broker).
 */
final class HolderPool implements ChunkSource {
  static final int CHUNKS_PER_PEER = 8;
  static final int MAX_BACKOFF = 8;
  static final long FIRST_LOOKUP_MILLIS = 1000;
  private static final System.Logger LOG = System.getLogger(HolderPool.class.getName());
  private final ImageHolders holders;
  private final String sha256;
  private final URI self;
  private final HttpClient http;
  private final Map<URI, PeerChunkSource> connections;
  private final int maxPeers;
  private final long refreshMillis;
  private volatile List<URI> known;
  private volatile long refreshedAt;
  private volatile long interval;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  /** Holders this fetch has sent a request to; see {@link #fetching}. */
  private final java.util.Set<URI> asked = ConcurrentHashMap.newKeySet();

  private volatile int askLimit;
  private final CompletableFuture<Void> firstLookup = new CompletableFuture<>();
  private volatile long lookUpStarted = System.nanoTime();
  private volatile java.util.function.Consumer<ChunkManifest> onManifest = m -> {};

  HolderPool(
      ImageHolders holders,
      String sha256,
      URI self,
      HttpClient http,
      Map<URI, PeerChunkSource> connections,
      int maxPeers,
      long refreshMillis,
      List<URI> initial) {
    this.holders = requireNonNull(holders, "holders is null");
    this.sha256 = sha256;
    this.self = self;
    this.http = http;
    this.connections = connections;
    this.maxPeers = maxPeers;
    this.refreshMillis = refreshMillis;
    this.askLimit = maxPeers;
    this.interval = refreshMillis;
    this.known = limit(initial);
    this.refreshedAt = System.nanoTime() - refreshMillis * 1_000_000L; // the first read looks up
  }

  private List<URI> limit(List<URI> found) {
    List<URI> copy = new ArrayList<>(found);
    java.util.Collections.shuffle(copy);
    return List.copyOf(copy.subList(0, Math.min(maxPeers, copy.size())));
  }

  int known() {
    return known.size();
  }

  private PeerChunkSource source(URI peer) {
    return connections.computeIfAbsent(peer, p -> new PeerChunkSource(p, http));
  }

  /**
   * A new peer costs a TLS handshake (two signatures and their verification, a key exchange) before
   * its first chunk, and a peer still fetching may hold nothing yet: so a fetch asks peers blindly
   * (those not advertised complete and not yet heard from) only when it has chunks enough to share,
   * one per {@link #CHUNKS_PER_PEER} chunks, at most maxPeers — none for a small image. Peers
   * advertised complete, or that said what they hold, are asked by what they said.
   */
  @Override
  public void fetching(ChunkManifest manifest) {
    askLimit = Math.min(maxPeers, manifest.count() / CHUNKS_PER_PEER);
    onManifest.accept(manifest);
  }

  /** Told the manifest when the fetch has it (the swarm decides then whether to advertise). */
  void onManifest(java.util.function.Consumer<ChunkManifest> then) {
    onManifest = requireNonNull(then, "then is null");
  }

  private boolean mayAsk(URI peer, PeerChunkSource s, long offset, int length) {
    return s.worthAsking(offset, length)
        && (asked.contains(peer) || s.hasAnswered() || asked.size() < askLimit);
  }

  @Override
  public boolean knownToHold(long offset, int length) {
    refreshIfDue();
    for (URI peer : known) {
      if (source(peer).knownToHold(offset, length)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean worthAsking(long offset, int length) {
    refreshIfDue();
    for (URI peer : known) {
      if (mayAsk(peer, source(peer), offset, length)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public byte[] read(String sha, long offset, int length) throws IOException, ImageException {
    refreshIfDue();
    List<URI> holding = new ArrayList<>();
    List<URI> maybe = new ArrayList<>();
    for (URI peer : known) {
      PeerChunkSource s = source(peer);
      if (s.knownToHold(offset, length)) {
        holding.add(peer);
      } else if (mayAsk(peer, s, offset, length)) {
        maybe.add(peer);
      }
    }
    List<URI> pick = holding.isEmpty() ? maybe : holding;
    if (pick.isEmpty()) {
      throw new IOException("no peer holds " + sha + " at " + offset + " yet");
    }
    URI peer = pick.get(ThreadLocalRandom.current().nextInt(pick.size()));
    asked.add(peer);
    return source(peer).read(sha, offset, length);
  }

  private boolean anyComplete() {
    for (URI peer : known) {
      if (source(peer).knownToHold(0, 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Until the first look-up has answered (at most {@link #FIRST_LOOKUP_MILLIS}), holders may turn
   * up any moment: the fetch keeps the workers meant for peers instead of lending them to the
   * broker.
   */
  @Override
  public boolean mayHoldSoon() {
    return !firstLookup.isDone()
        && (System.nanoTime() - lookUpStarted) / 1_000_000 < FIRST_LOOKUP_MILLIS;
  }

  /** Starts the first look-up now (it runs while the fetch gets its manifest). */
  void lookUp() {
    lookUpStarted = System.nanoTime();
    refreshIfDue();
  }

  private void refreshIfDue() {
    // Looked up again while fewer than maxPeers are known or none of them holds the whole blob
    // (holders that finish re-advertise as complete).
    if ((known.size() >= maxPeers && anyComplete())
        || System.nanoTime() - refreshedAt < interval * 1_000_000L
        || !refreshing.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<List<ImageHolders.Holder>> lookup;
    try {
      lookup = holders.holderList(sha256, self);
    } catch (RuntimeException e) {
      lookup = CompletableFuture.failedFuture(e);
    }
    lookup.whenComplete(
        (found, e) -> {
          if (e == null) {
            List<URI> fresh = new ArrayList<>();
            for (ImageHolders.Holder h : found) {
              if (h.complete()) {
                source(h.uri()).advertisedComplete();
              }
              fresh.add(h.uri());
            }
            // Holders already known keep their place (and what they said they hold); of the new
            // ones, those that hold the whole blob come first.
            fresh.removeAll(known);
            java.util.Collections.shuffle(fresh);
            fresh.sort(java.util.Comparator.comparing((URI u) -> !source(u).knownToHold(0, 1)));
            List<URI> merged = new ArrayList<>(known);
            merged.addAll(fresh);
            known = List.copyOf(merged.subList(0, Math.min(maxPeers, merged.size())));
          } else {
            LOG.log(System.Logger.Level.DEBUG, "holder refresh failed: " + e);
          }
          refreshedAt = System.nanoTime();
          firstLookup.complete(null);
          // Each look-up is a DHT round trip for every fetching host: their pace halves each time
          // (up to MAX_BACKOFF times refreshMillis), holders that finish early are still found.
          interval = Math.min(interval * 2, refreshMillis * MAX_BACKOFF);
          refreshing.set(false);
        });
  }

  @Override
  public String name() {
    return "peers holding " + sha256;
  }
}
