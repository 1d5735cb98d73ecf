package io.xenia.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks key files against OpenSSL, when {@code /usr/bin/openssl} exists. */
class OpenSslInteropTest {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  @TempDir Path dir;

  /**
   * Skips on a developer machine without openssl (it is optional there); under CI=true a missing
   * openssl fails, so that CI never passes without this check.
   */
  @BeforeEach
  void requireOpenSsl() {
    String why = "openssl is not installed at " + OPENSSL + " (apt-get install openssl)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertTrue(Files.isExecutable(OPENSSL), why);
    } else {
      assumeTrue(Files.isExecutable(OPENSSL), why);
    }
  }

  @Test
  void openSslReadsOurPrivateKeyAndDerivesTheSamePublicKey() throws Exception {
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    Path file = dir.resolve("ours.key");
    KeyFiles.storePrivateKey(file, key);
    String derived = openssl("pkey", "-in", file.toString(), "-pubout");
    assertEquals(KeyPem.publicKeyPem(key.publicKey()), derived);
    // And OpenSSL re-emits exactly the bytes we wrote.
    assertEquals(Files.readString(file), openssl("pkey", "-in", file.toString()));
  }

  @Test
  void openSslReadsOurPublicKey() throws Exception {
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    Path file = dir.resolve("ours.pub");
    KeyFiles.storePublicKey(file, key.publicKey());
    assertEquals(
        Files.readString(file), openssl("pkey", "-pubin", "-in", file.toString(), "-pubout"));
  }

  @Test
  void weReadOpenSslKeysAndSignaturesVerify() throws Exception {
    Path file = dir.resolve("theirs.key");
    openssl("genpkey", "-algorithm", "ed25519", "-out", file.toString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Ed25519KeyPair key = KeyFiles.loadPrivateKey(file);
    Path pub = dir.resolve("theirs.pub");
    openssl("pkey", "-in", file.toString(), "-pubout", "-out", pub.toString());
    assertEquals(key.publicKey(), KeyFiles.loadPublicKey(pub));

    byte[] message = "xenia".getBytes(StandardCharsets.UTF_8);
    Path messageFile = dir.resolve("message");
    Files.write(messageFile, message);
    Path signatureFile = dir.resolve("signature");
    openssl(
        "pkeyutl",
        "-sign",
        "-rawin",
        "-inkey",
        file.toString(),
        "-in",
        messageFile.toString(),
        "-out",
        signatureFile.toString());
    byte[] theirs = Files.readAllBytes(signatureFile);
    assertEquals(true, key.publicKey().verify(message, theirs));
    assertEquals(
        java.util.HexFormat.of().formatHex(theirs),
        java.util.HexFormat.of().formatHex(key.sign(message)));
  }

  private static String openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(OPENSSL.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
