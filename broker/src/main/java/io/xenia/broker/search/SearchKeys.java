package io.xenia.broker.search;

import io.micronaut.context.exceptions.ConfigurationException;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.crypto.InsecureKeyFileException;
import io.xenia.protocol.crypto.KeyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's and the CA's private keys on disk ({@link KeyFiles}: PKCS#8 PEM, mode 0600). An absent
 * file is created (its directory too, mode 0700); an existing one that group or others may access
 * is refused, as ssh refuses such keys. Every failure names the configuration key.
 */
public final class SearchKeys {
  private static final Logger LOG = LoggerFactory.getLogger(SearchKeys.class);

  private SearchKeys() {}

  /**
   * Loads the key, or creates it if the file does not exist.
   *
   * @param configKey the setting that named the file, for messages
   * @throws ConfigurationException if the file is unsafe, not a key, or cannot be read or written
   */
  public static Ed25519KeyPair loadOrCreate(Path file, String configKey, SecureRandom random) {
    try {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return KeyFiles.loadPrivateKey(file);
      }
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Ed25519KeyPair key = Ed25519KeyPair.generate(random);
      try {
        KeyFiles.storePrivateKey(file, key);
      } catch (FileAlreadyExistsException raced) {
        // Another broker sharing the file created it first: use theirs.
        return KeyFiles.loadPrivateKey(file);
      }
      LOG.info("created {} {} (mode 0600)", configKey, file.toAbsolutePath());
      return key;
    } catch (InsecureKeyFileException e) {
      throw new ConfigurationException(configKey + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConfigurationException(
          configKey + ": cannot read or create the key file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the CA's public key beside its private key ({@code <file>.pub}, mode 0644) for the
   * operators of search nodes ({@code search-node --ca}); replaced only if it differs.
   */
  static Path storePublicKey(Path privateKeyFile, Ed25519PublicKey key) {
    Path file = privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
    try {
      if (!Files.exists(file) || !KeyFiles.loadPublicKey(file).equals(key)) {
        KeyFiles.storePublicKey(file, key);
      }
      return file;
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot write the CA public key " + file + ": " + e.getMessage(), e);
    }
  }
}
