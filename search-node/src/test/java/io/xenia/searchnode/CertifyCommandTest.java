package io.xenia.searchnode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipRole;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.KeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertifyCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @TempDir Path dir;

  private int run(String... args) {
    return SearchNodeMain.commandLine(out, Clock.fixed(NOW, ZoneOffset.UTC))
        .setErr(new java.io.PrintWriter(out, true))
        .execute(args);
  }

  @Test
  void theCaSignsACertificateForTheNodeKeyThatVerifiesUnderTheCaPublicKey() throws Exception {
    Ed25519KeyPair ca = Ed25519KeyPair.generate(new SecureRandom());
    Ed25519KeyPair node = Ed25519KeyPair.generate(new SecureRandom());
    KeyFiles.storePrivateKey(dir.resolve("ca.key"), ca);
    KeyFiles.storePrivateKey(dir.resolve("node.key"), node);

    int exit =
        run(
            "certify",
            "--ca-key",
            dir.resolve("ca.key").toString(),
            "--subject",
            dir.resolve("node.key").toString(),
            "--name",
            "search-3.eu",
            "--validity",
            "P7D",
            "--out",
            dir.resolve("node.cert").toString(),
            "--ca-public-out",
            dir.resolve("ca.pub").toString());

    assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
    MembershipCertificate certificate =
        MembershipCertificate.fromJson(Files.readAllBytes(dir.resolve("node.cert")));
    MembershipClaims claims =
        certificate.verify(KeyFiles.loadPublicKey(dir.resolve("ca.pub")), NOW.plusSeconds(60));
    assertEquals(node.publicKey(), claims.subject());
    assertEquals(MembershipRole.SEARCH_NODE, claims.role());
    assertEquals(NOW.plus(Duration.ofDays(7)), claims.notAfter());
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("certified search-3.eu"));
  }

  @Test
  void aPublicKeyFileIsEnoughAndTheRoleCanBeChosen() throws Exception {
    Ed25519KeyPair ca = Ed25519KeyPair.generate(new SecureRandom());
    Ed25519KeyPair host = Ed25519KeyPair.generate(new SecureRandom());
    KeyFiles.storePrivateKey(dir.resolve("ca.key"), ca);
    KeyFiles.storePublicKey(dir.resolve("host.pub"), host.publicKey());

    int exit =
        run(
            "certify",
            "--ca-key",
            dir.resolve("ca.key").toString(),
            "--subject",
            dir.resolve("host.pub").toString(),
            "--name",
            "host-7",
            "--role",
            "host",
            "--out",
            dir.resolve("host.cert").toString());

    assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
    MembershipClaims claims =
        MembershipCertificate.fromJson(Files.readAllBytes(dir.resolve("host.cert")))
            .verify(ca.publicKey(), NOW);
    assertEquals(MembershipRole.HOST, claims.role());
    assertEquals(host.publicKey(), claims.subject());
  }

  @Test
  void aBadRoleOrAMissingCaKeyFailsWithoutWritingACertificate() throws Exception {
    KeyFiles.storePublicKey(
        dir.resolve("n.pub"), Ed25519KeyPair.generate(new SecureRandom()).publicKey());

    int badRole =
        run(
            "certify",
            "--ca-key",
            dir.resolve("missing.key").toString(),
            "--subject",
            dir.resolve("n.pub").toString(),
            "--name",
            "n",
            "--role",
            "emperor",
            "--out",
            dir.resolve("n.cert").toString());
    int missingCa =
        run(
            "certify",
            "--ca-key",
            dir.resolve("missing.key").toString(),
            "--subject",
            dir.resolve("n.pub").toString(),
            "--name",
            "n",
            "--out",
            dir.resolve("n.cert").toString());

    assertNotEquals(0, badRole);
    assertNotEquals(0, missingCa);
    assertTrue(Files.notExists(dir.resolve("n.cert")));
  }
}
