package io.xenia.broker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchKeysTest {
  private final SecureRandom random = new SecureRandom();
  @TempDir Path dir;

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void anAbsentKeyIsCreatedOwnerOnlyInAnOwnerOnlyDirectoryAndFoundAgain() throws Exception {
    Path file = dir.resolve("search").resolve("node-key.pem");
    Ed25519KeyPair created = SearchKeys.loadOrCreate(file, "xenia.search.node-key-file", random);
    assertEquals("rw-------", mode(file));
    assertEquals("rwx------", mode(file.getParent()));
    Ed25519KeyPair again = SearchKeys.loadOrCreate(file, "xenia.search.node-key-file", random);
    assertEquals(created.publicKey(), again.publicKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw------x"})
  void aKeyThatGroupOrOthersMayAccessIsRefused(String permissions) throws Exception {
    Path file = dir.resolve("ca-key.pem");
    KeyFiles.storePrivateKey(file, Ed25519KeyPair.generate(random));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> SearchKeys.loadOrCreate(file, "xenia.search.ca-key-file", random));
    assertTrue(e.getMessage().startsWith("xenia.search.ca-key-file: "), e.getMessage());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void aFileThatIsNotAKeyIsRefusedByName() throws Exception {
    Path file = dir.resolve("node-key.pem");
    Files.writeString(file, "not a key\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> SearchKeys.loadOrCreate(file, "xenia.search.node-key-file", random));
    assertTrue(e.getMessage().contains("xenia.search.node-key-file"), e.getMessage());
  }

  @Test
  void theCaPublicKeyIsWrittenBesideThePrivateKey() throws Exception {
    Path file = dir.resolve("ca-key.pem");
    Ed25519KeyPair ca = SearchKeys.loadOrCreate(file, "xenia.search.ca-key-file", random);
    Path pub = SearchKeys.storePublicKey(file, ca.publicKey());
    assertEquals(dir.resolve("ca-key.pem.pub"), pub);
    assertEquals(ca.publicKey(), KeyFiles.loadPublicKey(pub));
    assertEquals("rw-r--r--", mode(pub));
  }
}
