package io.xenia.broker.hosts;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Requests a host signs with its Ed25519 key instead of presenting its mTLS certificate to the
 * broker (see docs/decisions.md): heartbeats and certificate rotation. The signed bytes are {@value
 * #CONTEXT} followed by the canonical JSON (protocol/) of the request's fields, so the daemon and
 * the broker build them from the same values with the same encoder; the context string keeps a
 * signature over these bytes from meaning anything else. Replays are refused by the caller: a
 * heartbeat's sequence must grow, and {@code signedAtEpochMs} must be within {@link #MAX_SKEW}.
 */
public final class HostProof {
  /** Domain separation: never valid as a signature over a protocol record. */
  public static final String CONTEXT = "xenia-host-request-v1\n";

  /** How far a signed request's time may be from the broker's clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private HostProof() {}

  /** The signed bytes of a heartbeat without a control endpoint (the format before issue 5). */
  public static byte[] heartbeat(
      UUID hostId, long sequence, long signedAtEpochMs, int machinesTotal, int machinesReady) {
    return heartbeat(hostId, sequence, signedAtEpochMs, machinesTotal, machinesReady, null);
  }

  /**
   * The signed bytes of a heartbeat. {@code controlEndpoint} (the text as sent) is a member only
   * when present, so a heartbeat without it has exactly the bytes of the format before issue 5.
   */
  public static byte[] heartbeat(
      UUID hostId,
      long sequence,
      long signedAtEpochMs,
      int machinesTotal,
      int machinesReady,
      String controlEndpoint) {
    return heartbeat(
        hostId,
        sequence,
        signedAtEpochMs,
        machinesTotal,
        machinesReady,
        controlEndpoint,
        java.util.Map.of());
  }

  /**
   * The signed bytes of a heartbeat with the host's metrics: a {@code metrics} member (an object of
   * text values) only when there are any, so a heartbeat without them has the bytes of the format
   * before.
   */
  public static byte[] heartbeat(
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
    if (metrics != null && !metrics.isEmpty()) {
      var m = CanonicalObject.builder();
      metrics.forEach(m::put);
      fields.put("metrics", m.build());
    }
    return signed(fields.build());
  }

  /** The signed bytes of a certificate rotation. */
  public static byte[] rotation(UUID hostId, String tlsCsr, long signedAtEpochMs) {
    return signed(
        CanonicalObject.builder()
            .put("purpose", "rotate-certificates")
            .put("hostId", hostId.toString())
            .put("tlsCsr", tlsCsr)
            .put("signedAtEpochMs", signedAtEpochMs)
            .build());
  }

  /** The signed bytes of a fetch of an image blob (or its chunk manifest) by its digest. */
  public static byte[] blobFetch(UUID hostId, String sha256, long signedAtEpochMs) {
    return signed(
        CanonicalObject.builder()
            .put("purpose", "fetch-image-blob")
            .put("hostId", hostId.toString())
            .put("sha256", sha256)
            .put("signedAtEpochMs", signedAtEpochMs)
            .build());
  }

  /**
   * Refuses ({@code host-proof-invalid}) unless {@code signature} (base64url) is the host's
   * signature of {@code message} made within {@link #MAX_SKEW} of {@code now}.
   */
  public static void verify(
      Ed25519PublicKey hostKey,
      byte[] message,
      String signature,
      long signedAtEpochMs,
      Instant now) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(signature == null ? "" : signature.strip());
    } catch (IllegalArgumentException e) {
      throw invalid("the signature is not base64url");
    }
    if (!hostKey.verify(message, raw)) {
      throw invalid("the signature does not verify with the host's enrolled key");
    }
    Duration skew = Duration.between(Instant.ofEpochMilli(signedAtEpochMs), now).abs();
    if (skew.compareTo(MAX_SKEW) > 0) {
      throw invalid("signedAtEpochMs is " + skew.toSeconds() + " s from the broker's clock")
          .with("maxSkewSeconds", MAX_SKEW.toSeconds());
    }
  }

  private static XeniaException invalid(String detail) {
    return new XeniaException(ProblemType.HOST_PROOF_INVALID, detail);
  }

  private static byte[] signed(CanonicalObject fields) {
    byte[] context = CONTEXT.getBytes(StandardCharsets.US_ASCII);
    byte[] body = CanonicalJson.encode(fields);
    byte[] message = new byte[context.length + body.length];
    System.arraycopy(context, 0, message, 0, context.length);
    System.arraycopy(body, 0, message, context.length, body.length);
    return message;
  }
}
