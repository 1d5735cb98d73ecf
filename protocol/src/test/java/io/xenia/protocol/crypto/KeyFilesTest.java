package io.xenia.protocol.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFilesTest {
  private static final Ed25519KeyPair KEY =
      Ed25519KeyPair.fromSeed(
          HexFormat.of()
              .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

  @TempDir Path dir;

  @Test
  void storesPrivateKeyOwnerOnlyAndLoadsItBack() throws IOException {
    Path file = dir.resolve("host.key");
    KeyFiles.storePrivateKey(file, KEY);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(KEY.publicKey(), KeyFiles.loadPrivateKey(file).publicKey());
    assertEquals(KeyPem.privateKeyPem(KEY), Files.readString(file, US_ASCII));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void writesRfc8410Pkcs8() throws IOException {
    String expected =
        """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
        -----END PRIVATE KEY-----
        """;
    assertEquals(expected, KeyPem.privateKeyPem(KEY));
    assertEquals(KEY.publicKey(), KeyPem.parsePrivateKeyPem(expected).publicKey());
  }

  @Test
  void refusesToOverwriteAPrivateKey() throws IOException {
    Path file = dir.resolve("host.key");
    KeyFiles.storePrivateKey(file, KEY);
    Ed25519KeyPair other = Ed25519KeyPair.generate(new SecureRandom());
    assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.storePrivateKey(file, other));
    assertEquals(KEY.publicKey(), KeyFiles.loadPrivateKey(file).publicKey());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "r-------x", "r----x---", "rw-----w-"})
  void refusesPrivateKeysOthersCanAccess(String permissions) throws IOException {
    Path file = dir.resolve("host.key");
    KeyFiles.storePrivateKey(file, KEY);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    InsecureKeyFileException e =
        assertThrows(InsecureKeyFileException.class, () -> KeyFiles.loadPrivateKey(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains("too open"), e.getMessage());
    assertTrue(e.getMessage().contains(String.format("%04o", e.mode())), e.getMessage());
  }

  @Test
  void acceptsReadOnlyOwnerKey() throws IOException {
    Path file = dir.resolve("host.key");
    KeyFiles.storePrivateKey(file, KEY);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertEquals(KEY.publicKey(), KeyFiles.loadPrivateKey(file).publicKey());
  }

  @Test
  void storesAndLoadsPublicKeys() throws IOException {
    Path file = dir.resolve("host.pub");
    KeyFiles.storePublicKey(file, KEY.publicKey());
    assertEquals(
        """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
        -----END PUBLIC KEY-----
        """,
        Files.readString(file));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(KEY.publicKey(), KeyFiles.loadPublicKey(file));
    Ed25519PublicKey other = Ed25519KeyPair.generate(new SecureRandom()).publicKey();
    KeyFiles.storePublicKey(file, other);
    assertEquals(other, KeyFiles.loadPublicKey(file));
  }

  @Test
  void errorsNameTheFile() throws IOException {
    Path file = dir.resolve("broken.key");
    Files.writeString(file, "hello");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFiles.loadPrivateKey(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertThrows(KeyFileException.class, () -> KeyFiles.loadPrivateKey(dir));
  }
}
