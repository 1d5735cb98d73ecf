package io.xenia.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyPemTest {
  private static final Ed25519KeyPair KEY = Ed25519KeyPair.generate(new SecureRandom());

  @Test
  void roundTrips() throws Exception {
    assertEquals(KEY.publicKey(), KeyPem.parsePrivateKeyPem(KeyPem.privateKeyPem(KEY)).publicKey());
    assertEquals(KEY.publicKey(), KeyPem.parsePublicKeyPem(KeyPem.publicKeyPem(KEY.publicKey())));
  }

  @Test
  void toleratesCrLfAndSurroundingText() throws Exception {
    String pem = "comment\r\n" + KeyPem.privateKeyPem(KEY).replace("\n", "\r\n") + "trailer";
    assertEquals(KEY.publicKey(), KeyPem.parsePrivateKeyPem(pem).publicKey());
  }

  @Test
  void interoperatesWithTheJdk() throws Exception {
    byte[] pkcs8 = Ed25519Der.privateKeyInfo(KEY);
    PrivateKey jdkPrivate =
        KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(jdkPrivate);
    signer.update(new byte[] {42});
    byte[] signature = signer.sign();
    assertTrue(KEY.publicKey().verify(new byte[] {42}, signature));

    var jdkPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Ed25519KeyPair fromJdk = Ed25519Der.parsePrivateKeyInfo(jdkPair.getPrivate().getEncoded());
    assertEquals(
        Ed25519Der.parseSubjectPublicKeyInfo(jdkPair.getPublic().getEncoded()),
        fromJdk.publicKey());
    KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(Ed25519Der.subjectPublicKeyInfo(KEY.publicKey())));
  }

  @Test
  void refusesOtherKeyTypes() throws Exception {
    byte[] ecPkcs8 = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
    String pem = Pem.encode("PRIVATE KEY", ecPkcs8);
    KeyFileException e = assertThrows(KeyFileException.class, () -> KeyPem.parsePrivateKeyPem(pem));
    assertTrue(e.getMessage().contains("not an Ed25519 key"), e.getMessage());
    byte[] ecSpki = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic().getEncoded();
    assertThrows(
        KeyFileException.class, () -> KeyPem.parsePublicKeyPem(Pem.encode("PUBLIC KEY", ecSpki)));
  }

  @Test
  void refusesWrongLabelsWithAHint() {
    String encrypted = Pem.encode("ENCRYPTED PRIVATE KEY", new byte[] {1});
    assertTrue(message(encrypted).contains("passphrase"));
    String openssh = Pem.encode("OPENSSH PRIVATE KEY", new byte[] {1});
    assertTrue(message(openssh).contains("ssh-keygen"));
    String pub = KeyPem.publicKeyPem(KEY.publicKey());
    assertTrue(message(pub).contains("found 'PUBLIC KEY'"));
  }

  @Test
  void refusesMalformedPem() {
    assertTrue(message("").contains("no PEM block"));
    assertTrue(message("-----BEGIN PRIVATE KEY-----\nAAAA\n").contains("END"));
    assertTrue(
        message("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n")
            .contains("base64"));
    assertTrue(
        message("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            .contains("PKCS#8"));
    String truncated = KeyPem.privateKeyPem(KEY).replace("-----END", "AAAA\n-----END");
    assertThrows(KeyFileException.class, () -> KeyPem.parsePrivateKeyPem(truncated));
  }

  @Test
  void refusesAMismatchedEmbeddedPublicKey() throws Exception {
    // A version-2 (RFC 5958) PKCS#8 whose public key belongs to another private key.
    byte[] seed = KEY.seed();
    byte[] otherPublic = Ed25519KeyPair.generate(new SecureRandom()).publicKey().bytes();
    byte[] der = new byte[83];
    byte[] head = Base64.getDecoder().decode("MFECAQEwBQYDK2VwBCIEIA==");
    System.arraycopy(head, 0, der, 0, head.length);
    System.arraycopy(seed, 0, der, 16, 32);
    der[48] = (byte) 0x81;
    der[49] = 33;
    der[50] = 0;
    System.arraycopy(otherPublic, 0, der, 51, 32);
    String pem = Pem.encode("PRIVATE KEY", der);
    assertTrue(message(pem).contains("does not belong"), message(pem));
    System.arraycopy(KEY.publicKey().bytes(), 0, der, 51, 32);
    assertEquals(
        KEY.publicKey(), KeyPem.parsePrivateKeyPem(Pem.encode("PRIVATE KEY", der)).publicKey());
  }

  private static String message(String pem) {
    return assertThrows(KeyFileException.class, () -> KeyPem.parsePrivateKeyPem(pem)).getMessage();
  }
}
