package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Chunks from another host's {@link PeerChunkServer}, over mutual TLS with the host CA. Untrusted
 * for content: {@link ParallelFetch} checks every chunk against the broker's manifest.
 *
 * <p>Every answer carries the peer's {@link ChunkBitmap}; the last one is kept, so the fetch asks
 * this peer for chunks it said it holds and does not ask again blindly for {@link #RECHECK_MILLIS}
 * after it said it lacks one. Peers of one host share one {@link HttpClient} (see {@link
 * #client(SSLContext)}): its connections are kept alive and reused, so a peer costs one TLS
 * handshake per concurrent connection, not one per chunk.
 */
public final class PeerChunkSource implements ChunkSource {
  /** How long "I lack that chunk" is believed of a peer that is itself still fetching. */
  static final long RECHECK_MILLIS = 300;

  private final URI peer;
  private final HttpClient http;
  private volatile ChunkBitmap said; // null until the peer answered once
  private volatile long saidAt;

  /** The client a host uses for all its peers: one connection pool, one TLS session cache. */
  public static HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder()
        .sslContext(requireNonNull(tls, "tls is null"))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * @param peer the peer's base URI, {@code https://host:port}
   * @param tls this host's client context (its host-CA certificate; trusts the host CA)
   */
  public PeerChunkSource(URI peer, SSLContext tls) {
    this(peer, client(tls));
  }

  /** A peer reached through a client shared with the host's other peers. */
  public PeerChunkSource(URI peer, HttpClient http) {
    this.peer = requireNonNull(peer, "peer is null");
    this.http = requireNonNull(http, "http is null");
  }

  /**
   * The DHT says this peer holds the whole blob: believed until it answers otherwise (its cache may
   * have evicted it since; the answer's bitmap then wins until the DHT says so again).
   */
  void advertisedComplete() {
    said = ChunkBitmap.ALL;
    saidAt = System.nanoTime();
  }

  /** Whether this peer has answered a request (so this host has a connection to it). */
  boolean hasAnswered() {
    return said != null;
  }

  @Override
  public boolean knownToHold(long offset, int length) {
    ChunkBitmap s = said;
    return s != null && s.covers(offset, length);
  }

  @Override
  public boolean worthAsking(long offset, int length) {
    ChunkBitmap s = said;
    return s == null
        || s.covers(offset, length)
        || (!s.all() && System.nanoTime() - saidAt > RECHECK_MILLIS * 1_000_000L);
  }

  @Override
  public byte[] read(String sha256, long offset, int length) throws IOException, ImageException {
    HttpRequest request =
        HttpRequest.newBuilder(peer.resolve("/blobs/sha256/" + sha256))
            .timeout(Duration.ofSeconds(30))
            .header("Range", "bytes=" + offset + "-" + (offset + length - 1))
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      // Gone (or not listening): not asked again until it answers or the DHT says so anew.
      learn(null);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream body = response.body()) {
      learn(response.headers().firstValue(ChunkBitmap.HEADER).orElse(null));
      if (response.statusCode() != 206) {
        // Busy, evicted or never held: another source gets the chunk next.
        body.readAllBytes(); // (short) so that the connection is kept for the next request
        throw new IOException(peer + " answered HTTP " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(length);
      if (bytes.length != length) {
        throw new IOException("the transfer from " + peer + " broke after " + bytes.length);
      }
      return bytes;
    }
  }

  private void learn(String header) {
    ChunkBitmap s;
    try {
      s = ChunkBitmap.parse(header);
    } catch (IllegalArgumentException e) {
      s = ChunkBitmap.none(); // a peer that says nonsense is asked no more than one that lacks
    }
    said = s;
    saidAt = System.nanoTime();
  }

  @Override
  public String name() {
    return "peer " + peer;
  }
}
