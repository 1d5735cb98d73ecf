package io.xenia.hostdaemon.daemon;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.KeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The host's Ed25519 key: the identity that signs agreements and wipe records. */
public final class HostKeys {
  private HostKeys() {}

  /**
   * Loads the key, or creates it (mode 0600) on first start. {@code host-daemon enroll} creates it
   * at the same path when a host enrolls before its first run.
   */
  public static Ed25519KeyPair loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return KeyFiles.loadPrivateKey(file);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    KeyFiles.storePrivateKey(file, key);
    return key;
  }
}
