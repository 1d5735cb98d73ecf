package io.xenia.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();

  // RFC 8032 §7.1, TEST 1 and TEST 2.
  private static final String SEED_1 =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String PUBLIC_1 =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String SIGNATURE_1 =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
          + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
  private static final String SEED_2 =
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
  private static final String PUBLIC_2 =
      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
  private static final String SIGNATURE_2 =
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
          + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

  @Test
  void matchesRfc8032Vectors() {
    Ed25519KeyPair one = Ed25519KeyPair.fromSeed(HEX.parseHex(SEED_1));
    assertEquals(PUBLIC_1, one.publicKey().toHex());
    assertEquals(SIGNATURE_1, HEX.formatHex(one.sign(new byte[0])));
    assertTrue(one.publicKey().verify(new byte[0], HEX.parseHex(SIGNATURE_1)));

    Ed25519KeyPair two = Ed25519KeyPair.fromSeed(HEX.parseHex(SEED_2));
    assertEquals(PUBLIC_2, two.publicKey().toHex());
    assertEquals(SIGNATURE_2, HEX.formatHex(two.sign(new byte[] {0x72})));
  }

  @Test
  void signsAndVerifiesWithGeneratedKeys() {
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    byte[] message = "lease machine m-1".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(message);
    assertEquals(64, signature.length);
    assertTrue(key.publicKey().verify(message, signature));
    assertArrayEquals(signature, key.sign(message), "Ed25519 is deterministic");
    assertFalse(Ed25519KeyPair.generate(new SecureRandom()).publicKey().verify(message, signature));
    assertNotEquals(key.publicKey(), Ed25519KeyPair.generate(new SecureRandom()).publicKey());
  }

  @Test
  void verifyReturnsFalseForEveryMalformedSignature() {
    Ed25519KeyPair key = Ed25519KeyPair.fromSeed(HEX.parseHex(SEED_1));
    Ed25519PublicKey pub = key.publicKey();
    byte[] message = {1, 2, 3};
    byte[] good = key.sign(message);
    assertFalse(pub.verify(new byte[] {1, 2, 4}, good));
    for (int length : new int[] {0, 1, 32, 63, 65, 128}) {
      assertFalse(pub.verify(message, Arrays.copyOf(good, length)), "length " + length);
    }
    byte[] ones = new byte[64];
    Arrays.fill(ones, (byte) 0xff);
    assertFalse(pub.verify(message, ones));
    assertFalse(pub.verify(message, new byte[64]));
    for (int i = 0; i < 64; i++) {
      byte[] flipped = good.clone();
      flipped[i] ^= 0x01;
      assertFalse(pub.verify(message, flipped), "bit flip at " + i);
    }
    // S + L (the group order) is the classic malleability trick; RFC 8032 requires S < L.
    byte[] malleable = good.clone();
    byte[] order = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    int carry = 0;
    for (int i = 0; i < 32; i++) {
      int sum = (malleable[32 + i] & 0xff) + (order[i] & 0xff) + carry;
      malleable[32 + i] = (byte) sum;
      carry = sum >> 8;
    }
    assertFalse(pub.verify(message, malleable));
  }

  @Test
  void publicKeyForms() {
    Ed25519PublicKey pub = Ed25519PublicKey.fromHex(PUBLIC_1);
    assertEquals(pub, Ed25519PublicKey.fromHex(PUBLIC_1.toUpperCase()));
    assertEquals(pub, Ed25519PublicKey.fromBytes(HEX.parseHex(PUBLIC_1)));
    assertEquals("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", pub.toBase64Url());
    assertEquals(pub, Ed25519PublicKey.fromBase64Url(pub.toBase64Url()));
    assertEquals(pub.hashCode(), Ed25519PublicKey.fromHex(PUBLIC_1).hashCode());
    assertEquals(
        "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9", pub.fingerprint());
    assertEquals("Ed25519PublicKey[" + PUBLIC_1 + "]", pub.toString());
  }

  @Test
  void publicKeyIsImmutable() {
    byte[] bytes = HEX.parseHex(PUBLIC_1);
    Ed25519PublicKey pub = Ed25519PublicKey.fromBytes(bytes);
    bytes[0] ^= 1;
    pub.bytes()[0] ^= 1;
    assertEquals(PUBLIC_1, pub.toHex());
  }

  @Test
  void refusesInvalidPublicKeys() {
    assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBytes(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBytes(new byte[33]));
    byte[] notOnCurve = new byte[32];
    notOnCurve[0] = 2;
    assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBytes(notOnCurve));
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBytes(identity));
    byte[] yNotReduced = new byte[32];
    Arrays.fill(yNotReduced, (byte) 0xff);
    yNotReduced[31] = 0x7f;
    assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromBytes(yNotReduced));
    assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.fromHex("zz"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ed25519PublicKey.fromBase64Url("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo="));
  }

  @Test
  void keyPairNeverShowsItsSeed() {
    Ed25519KeyPair key = Ed25519KeyPair.fromSeed(HEX.parseHex(SEED_1));
    assertFalse(key.toString().contains(SEED_1));
    assertTrue(key.toString().contains(PUBLIC_1));
    assertEquals(SEED_1, HEX.formatHex(key.seed()));
    assertThrows(IllegalArgumentException.class, () -> Ed25519KeyPair.fromSeed(new byte[31]));
    assertThrows(NullPointerException.class, () -> Ed25519KeyPair.fromSeed(null));
    assertThrows(NullPointerException.class, () -> key.sign(null));
    assertThrows(NullPointerException.class, () -> key.publicKey().verify(null, new byte[64]));
    assertThrows(NullPointerException.class, () -> key.publicKey().verify(new byte[0], null));
  }
}
