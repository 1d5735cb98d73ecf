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
 */
public final class PeerChunkSource implements ChunkSource {
  private final URI peer;
  private final HttpClient http;

  /**
   * @param peer the peer's base URI, {@code https://host:port}
   * @param tls this host's client context (its host-CA certificate; trusts the host CA)
   */
  public PeerChunkSource(URI peer, SSLContext tls) {
    this.peer = requireNonNull(peer, "peer is null");
    this.http =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 206) {
        // Busy, evicted or never held: another source gets the chunk next.
        throw new IOException(peer + " answered HTTP " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(length);
      if (bytes.length != length) {
        throw new IOException("the transfer from " + peer + " broke after " + bytes.length);
      }
      return bytes;
    }
  }

  @Override
  public String name() {
    return "peer " + peer;
  }
}
