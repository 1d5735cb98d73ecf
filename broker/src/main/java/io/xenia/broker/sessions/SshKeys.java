package io.xenia.broker.sessions;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads an OpenSSH {@code ssh-ed25519 AAAA… comment} line into the Ed25519 key it carries. */
final class SshKeys {
  private static final String TYPE = "ssh-ed25519";

  private SshKeys() {}

  /**
   * @throws IllegalArgumentException naming what is wrong
   */
  static Ed25519PublicKey ed25519(String line) {
    if (line == null) {
      throw new IllegalArgumentException("is missing");
    }
    String[] parts = line.strip().split("\\s+");
    if (parts.length < 2 || !parts[0].equals(TYPE)) {
      throw new IllegalArgumentException("must be an OpenSSH ssh-ed25519 public key line");
    }
    try {
      ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(parts[1]));
      String type = new String(field(blob), StandardCharsets.US_ASCII);
      byte[] key = field(blob);
      if (!type.equals(TYPE) || key.length != Ed25519PublicKey.LENGTH || blob.hasRemaining()) {
        throw new IllegalArgumentException("is not an ssh-ed25519 key blob");
      }
      return Ed25519PublicKey.fromBytes(key);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("is not a valid ssh-ed25519 key: " + e.getMessage());
    }
  }

  private static byte[] field(ByteBuffer blob) {
    int length = blob.getInt();
    if (length < 0 || length > blob.remaining()) {
      throw new IllegalArgumentException("truncated");
    }
    byte[] bytes = new byte[length];
    blob.get(bytes);
    return bytes;
  }
}
