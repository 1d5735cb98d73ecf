package io.xenia.bench.hostdaemon;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Customer keys made with ssh-keygen, so that the real OpenSSH client logs in with them. */
final class OpenSsh {
  private OpenSsh() {}

  /** Creates an Ed25519 key pair without a passphrase at {@code file} and {@code file.pub}. */
  static Path newKey(Path file) throws Exception {
    Ssh.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", file.toString()));
    return file;
  }

  /** The Ed25519 key of {@code key.pub}: the last 32 bytes of the OpenSSH blob. */
  static Ed25519PublicKey publicKey(Path key) throws Exception {
    String line = Files.readString(Path.of(key + ".pub")).strip();
    byte[] blob = Base64.getDecoder().decode(line.split(" ")[1]);
    return Ed25519PublicKey.fromBytes(Arrays.copyOfRange(blob, blob.length - 32, blob.length));
  }
}
