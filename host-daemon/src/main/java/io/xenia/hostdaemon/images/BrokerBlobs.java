package io.xenia.hostdaemon.images;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.enroll.HostRequestProof;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The broker's image store as this host sees it: {@code GET /v1/images/blobs/sha256/<hex>} (ranged)
 * and its {@code /manifest}, each request signed with the host's enrolled Ed25519 key (the broker
 * takes no client certificates; see docs/images.md "Host fetch"). Thread-safe.
 */
public final class BrokerBlobs implements ChunkSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI broker;
  private final UUID hostId;
  private final Ed25519KeyPair hostKey;
  private final Clock clock;
  private final HttpClient http;
  private final Duration timeout;

  public BrokerBlobs(URI broker, UUID hostId, Ed25519KeyPair hostKey, Clock clock) {
    this.broker = requireNonNull(broker, "broker is null");
    this.hostId = requireNonNull(hostId, "hostId is null");
    this.hostKey = requireNonNull(hostKey, "hostKey is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.timeout = Duration.ofSeconds(60);
  }

  /** The chunk manifest of {@code sha256}; the broker's word is what chunks are checked against. */
  public ChunkManifest manifest(String sha256) throws IOException, ImageException {
    HttpResponse<String> response =
        send(signed(sha256, "/manifest").GET().build(), HttpResponse.BodyHandlers.ofString());
    refuseErrors(response.statusCode(), sha256, 200);
    JsonNode m = JSON.readTree(response.body());
    List<String> chunks = new ArrayList<>();
    m.path("chunks").forEach(c -> chunks.add(c.asText()));
    ChunkManifest manifest =
        new ChunkManifest(
            m.path("sha256").asText(),
            m.path("sizeBytes").asLong(),
            m.path("chunkSize").asInt(),
            chunks);
    if (!manifest.sha256().equals(sha256)) {
      throw new ImageException(
          ImageException.Kind.DIGEST_MISMATCH, "the broker sent the manifest of another blob");
    }
    return manifest;
  }

  @Override
  public byte[] read(String sha256, long offset, int length) throws IOException, ImageException {
    HttpRequest request =
        signed(sha256, "")
            .header("Range", "bytes=" + offset + "-" + (offset + length - 1))
            .GET()
            .build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      refuseErrors(response.statusCode(), sha256, 206);
      byte[] bytes = body.readNBytes(length);
      if (bytes.length != length) {
        throw new IOException(
            "the transfer of "
                + sha256
                + " at "
                + offset
                + " broke after "
                + bytes.length
                + " bytes");
      }
      return bytes;
    }
  }

  @Override
  public String name() {
    return "broker " + broker;
  }

  private HttpRequest.Builder signed(String sha256, String suffix) {
    long now = clock.millis();
    return HttpRequest.newBuilder(broker.resolve("/v1/images/blobs/sha256/" + sha256 + suffix))
        .timeout(timeout)
        .header("X-Xenia-Host-Id", hostId.toString())
        .header("X-Xenia-Signed-At", Long.toString(now))
        .header(
            "X-Xenia-Host-Signature", HostRequestProof.signBlobFetch(hostKey, hostId, sha256, now));
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void refuseErrors(int status, String sha256, int expected)
      throws ImageException, IOException {
    if (status == expected) {
      return;
    }
    if (status == 429 || status >= 500) {
      // Busy or briefly unwell (e.g. its database pool timed out under 100 hosts at once): a
      // transfer problem, retried with back-off, not a refusal that fails the fetch.
      throw new IOException("the broker answered HTTP " + status + " for " + sha256);
    }
    if (status == 404) {
      throw new ImageException(
          ImageException.Kind.NOT_FOUND, "the broker has no available image part " + sha256);
    }
    throw new ImageException(
        ImageException.Kind.HTTP_ERROR, "the broker answered HTTP " + status + " for " + sha256);
  }
}
