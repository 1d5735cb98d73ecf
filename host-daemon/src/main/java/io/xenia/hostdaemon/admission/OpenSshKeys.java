package io.xenia.hostdaemon.admission;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The OpenSSH {@code authorized_keys} form of an Ed25519 key (RFC 8709 wire format). */
public final class OpenSshKeys {
  private OpenSshKeys() {}

  /** {@code ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... comment}. */
  public static String authorizedKey(Ed25519PublicKey key, String comment) {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    writeString(blob, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
    writeString(blob, key.bytes());
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
  }

  private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
    int n = bytes.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(bytes, 0, n);
  }
}
