package io.xenia.hostdaemon.enroll;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Signatures by the host's Ed25519 key over the requests it sends the broker without mTLS
 * (heartbeats, certificate rotation). The signed bytes are {@value #CONTEXT} followed by the
 * canonical JSON (protocol/) of the request's fields — the wire format in docs/host-daemon.md,
 * which the broker rebuilds from the same fields to verify.
 */
public final class HostRequestProof {
  public static final String CONTEXT = "xenia-host-request-v1\n";

  private HostRequestProof() {}

  public static String signHeartbeat(
      Ed25519KeyPair key,
      UUID hostId,
      long sequence,
      long signedAtEpochMs,
      int machinesTotal,
      int machinesReady) {
    return signHeartbeat(
        key, hostId, sequence, signedAtEpochMs, machinesTotal, machinesReady, null);
  }

  /**
   * A heartbeat naming where the control API listens ({@code host:port}); {@code null} leaves the
   * member out, which gives exactly the bytes of the format before issue 5.
   */
  public static String signHeartbeat(
      Ed25519KeyPair key,
      UUID hostId,
      long sequence,
      long signedAtEpochMs,
      int machinesTotal,
      int machinesReady,
      String controlEndpoint) {
    return signHeartbeat(
        key,
        hostId,
        sequence,
        signedAtEpochMs,
        machinesTotal,
        machinesReady,
        controlEndpoint,
        java.util.Map.of());
  }

  /**
   * A heartbeat with the host's metrics ({@code heartbeat.HostMetrics}): a {@code metrics} member
   * of text values, present only when the map is not empty (so a heartbeat without metrics has the
   * bytes of the format before).
   */
  public static String signHeartbeat(
      Ed25519KeyPair key,
      UUID hostId,
      long sequence,
      long signedAtEpochMs,
      int machinesTotal,
      int machinesReady,
      String controlEndpoint,
      java.util.Map<String, String> metrics) {
    var fields =
        CanonicalObject.builder()
            .put("purpose", "heartbeat")
            .put("hostId", hostId.toString())
            .put("sequence", sequence)
            .put("signedAtEpochMs", signedAtEpochMs)
            .put("machinesTotal", machinesTotal)
            .put("machinesReady", machinesReady);
    if (controlEndpoint != null) {
      fields.put("controlEndpoint", controlEndpoint);
    }
    if (!metrics.isEmpty()) {
      var m = CanonicalObject.builder();
      metrics.forEach(m::put);
      fields.put("metrics", m.build());
    }
    return sign(key, fields.build());
  }

  public static String signRotation(
      Ed25519KeyPair key, UUID hostId, String tlsCsr, long signedAtEpochMs) {
    return sign(
        key,
        CanonicalObject.builder()
            .put("purpose", "rotate-certificates")
            .put("hostId", hostId.toString())
            .put("tlsCsr", tlsCsr)
            .put("signedAtEpochMs", signedAtEpochMs)
            .build());
  }

  /** Signs a fetch of an image blob (or its chunk manifest) by digest from the broker's store. */
  public static String signBlobFetch(
      Ed25519KeyPair key, UUID hostId, String sha256, long signedAtEpochMs) {
    return sign(
        key,
        CanonicalObject.builder()
            .put("purpose", "fetch-image-blob")
            .put("hostId", hostId.toString())
            .put("sha256", sha256)
            .put("signedAtEpochMs", signedAtEpochMs)
            .build());
  }

  private static String sign(Ed25519KeyPair key, CanonicalObject fields) {
    byte[] context = CONTEXT.getBytes(StandardCharsets.US_ASCII);
    byte[] body = CanonicalJson.encode(fields);
    byte[] message = new byte[context.length + body.length];
    System.arraycopy(context, 0, message, 0, context.length);
    System.arraycopy(body, 0, message, context.length, body.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(message));
  }
}
