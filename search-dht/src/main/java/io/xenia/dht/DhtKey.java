package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where a value lives, TomP2P-style: the location key decides which k nodes store it (the XOR
 * metric is applied to it alone), the domain key separates applications sharing a location, and the
 * content key names one of several values at that location and domain.
 *
 * <p>A value; thread-safe.
 */
public record DhtKey(NodeId location, NodeId domain, NodeId content) {
  /** Checks that all three keys are present. */
  public DhtKey {
    requireNonNull(location, "location is null");
    requireNonNull(domain, "domain is null");
    requireNonNull(content, "content is null");
  }

  /** The key with each part hashed from a name ({@link #hash}). */
  public static DhtKey of(String location, String domain, String content) {
    return new DhtKey(hash(location), hash(domain), hash(content));
  }

  /** SHA-256 of the UTF-8 name: how names become keys, spread uniformly over the key space. */
  public static NodeId hash(String name) {
    requireNonNull(name, "name is null");
    return hash(name.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of the bytes, as a key. */
  public static NodeId hash(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    try {
      return NodeId.fromBytes(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
