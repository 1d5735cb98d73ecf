package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SshKeysTest {
  public static String openSsh(Ed25519KeyPair key) throws Exception {
    var bytes = new ByteArrayOutputStream();
    var out = new DataOutputStream(bytes);
    byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
    out.writeInt(type.length);
    out.write(type);
    out.writeInt(32);
    out.write(key.publicKey().bytes());
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(bytes.toByteArray()) + " me@laptop";
  }

  @Test
  void readsAnOpenSshEd25519LineAndRefusesOthers() throws Exception {
    var key = Ed25519KeyPair.generate(new SecureRandom());
    assertEquals(key.publicKey(), SshKeys.ed25519(openSsh(key)));
    assertThrows(IllegalArgumentException.class, () -> SshKeys.ed25519("ssh-rsa AAAAB3Nza me"));
    assertThrows(IllegalArgumentException.class, () -> SshKeys.ed25519("ssh-ed25519 !!!"));
    assertThrows(IllegalArgumentException.class, () -> SshKeys.ed25519("ssh-ed25519 AAAA"));
    assertThrows(IllegalArgumentException.class, () -> SshKeys.ed25519(null));
  }
}
