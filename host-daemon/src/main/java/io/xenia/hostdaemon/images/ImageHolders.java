package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.DhtNode;
import io.xenia.dht.Entry;
import io.xenia.dht.NodeId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Who holds an image, in the search-dht: a host that holds a blob adds an entry at location = the
 * blob's sha256 (a 256-bit digest is a node id), domain {@link #DOMAIN}, value = the https URI of
 * its {@link PeerChunkServer}; the entry is signed by the host's DHT key and lives {@code ttl}, so
 * a host that stops advertising (or dies) drops out. The entry's sort key says how much the host
 * holds: {@link #FETCHING} while its own fetch runs (it serves the chunks it has verified; askers
 * learn which from its answers), {@link #COMPLETE} once it holds the whole file — re-adding the
 * same value replaces the entry, so a host has one entry per image. Fetchers look the digest up and
 * use the holders as {@link PeerChunkSource}s; what a holder sends is verified against the broker's
 * manifest, so a false advertisement costs a retry, not a bad image.
 */
public final class ImageHolders {
  /** The domain of holder entries: SHA-256 of "xenia/image-holders/v1". */
  public static final NodeId DOMAIN = NodeId.fromBytes(sha256("xenia/image-holders/v1"));

  /** Sort key of a host still fetching the blob. */
  public static final long FETCHING = 0;

  /** Sort key of a host that holds the whole verified blob. */
  public static final long COMPLETE = 1;

  /** A holder as advertised: its peer server and whether it holds the whole blob. */
  public record Holder(URI uri, boolean complete) {}

  private static final int MAX_URI_BYTES = 512;
  private final DhtNode node;
  private final Duration ttl;
  private final Clock clock;

  public ImageHolders(DhtNode node, Duration ttl, Clock clock) {
    this.node = requireNonNull(node, "node is null");
    this.ttl = requireNonNull(ttl, "ttl is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Where holders of {@code sha256} are listed. */
  public static NodeId location(String sha256) {
    return NodeId.fromBytes(HexFormat.of().parseHex(ImageRef.checkDigest(sha256)));
  }

  /**
   * Says that this host's peer server at {@code endpoint} holds the whole of {@code sha256} (re-add
   * to renew).
   */
  public CompletableFuture<Void> advertise(String sha256, URI endpoint) {
    return advertise(sha256, endpoint, true);
  }

  /**
   * Says that this host's peer server at {@code endpoint} holds {@code sha256}, whole ({@code
   * complete}) or while fetching it; the later call replaces the earlier entry.
   */
  public CompletableFuture<Void> advertise(String sha256, URI endpoint, boolean complete) {
    byte[] value = endpoint.toString().getBytes(StandardCharsets.UTF_8);
    if (!"https".equals(endpoint.getScheme()) || value.length > MAX_URI_BYTES) {
      throw new IllegalArgumentException("a peer endpoint is a short https URI, not " + endpoint);
    }
    return node.add(location(sha256), DOMAIN, value)
        .sortKey(complete ? COMPLETE : FETCHING)
        .ttl(ttl)
        .start()
        .thenApply(r -> null);
  }

  /** The peer endpoints advertised for {@code sha256}, without {@code self}. */
  public CompletableFuture<List<URI>> holders(String sha256, URI self) {
    return holderList(sha256, self).thenApply(list -> list.stream().map(Holder::uri).toList());
  }

  /**
   * The holders advertised for {@code sha256}, without {@code self}; a host listed twice (an old
   * "fetching" entry on one node, "complete" on another) counts as complete.
   */
  public CompletableFuture<List<Holder>> holderList(String sha256, URI self) {
    long now = clock.millis();
    return node.get(location(sha256), DOMAIN)
        .start()
        .thenApply(
            result -> {
              java.util.LinkedHashMap<URI, Boolean> found = new java.util.LinkedHashMap<>();
              for (Entry e : result.entries()) {
                if (e.isTombstone() || e.isExpiredAt(now) || e.valueLength() > MAX_URI_BYTES) {
                  continue;
                }
                try {
                  URI uri = URI.create(new String(e.value(), StandardCharsets.UTF_8));
                  if ("https".equals(uri.getScheme()) && !uri.equals(self)) {
                    found.merge(uri, e.sortKey() == COMPLETE, Boolean::logicalOr);
                  }
                } catch (IllegalArgumentException ignored) {
                  // not an endpoint: someone else's garbage, skipped
                }
              }
              List<Holder> list = new ArrayList<>();
              found.forEach((uri, complete) -> list.add(new Holder(uri, complete)));
              return list;
            });
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
