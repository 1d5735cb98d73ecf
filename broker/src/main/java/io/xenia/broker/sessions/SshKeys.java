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

  /** Key types a machine's authorized_keys may hold beside the agreement's ssh-ed25519 key. */
  private static final java.util.Set<String> FURTHER_TYPES =
      java.util.Set.of(
          "ssh-ed25519",
          "ssh-rsa",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "sk-ssh-ed25519@openssh.com",
          "sk-ecdsa-sha2-nistp256@openssh.com");

  /**
   * A further key of a session (not the agreement's): one OpenSSH public key line whose type is one
   * sshd accepts and whose blob names the same type, returned as {@code type base64 [comment]} on
   * one line — it goes into the machine's authorized_keys as it is, so no options, no newlines.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static String authorizedKeyLine(String line) {
    if (line == null || line.isBlank()) {
      throw new IllegalArgumentException("is missing");
    }
    if (line.contains("\n") || line.contains("\r") || line.length() > 16_384) {
      throw new IllegalArgumentException("must be one line of at most 16 KiB");
    }
    String[] parts = line.strip().split("\\s+", 3);
    if (parts.length < 2 || !FURTHER_TYPES.contains(parts[0])) {
      throw new IllegalArgumentException(
          "must be an OpenSSH public key line of type " + new java.util.TreeSet<>(FURTHER_TYPES));
    }
    try {
      ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(parts[1]));
      String type = new String(field(blob), StandardCharsets.US_ASCII);
      if (!type.equals(parts[0])) {
        throw new IllegalArgumentException("its blob is a " + type + " key");
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("is not a valid " + parts[0] + " key: " + e.getMessage());
    }
    String comment = parts.length == 3 ? " " + parts[2].strip() : "";
    if (!comment.matches("[\\x20-\\x7e]{0,257}")) {
      throw new IllegalArgumentException("its comment must be printable ASCII, at most 256");
    }
    return parts[0] + " " + parts[1] + comment;
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
