package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A session's further SSH keys: one clean authorized_keys line each, or refused. Pure. */
class FurtherSshKeysTest {
  private static String blob(String type, int keyBytes) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + t.length + keyBytes);
    b.putInt(t.length).put(t).putInt(keyBytes);
    return Base64.getEncoder().encodeToString(b.array());
  }

  @Test
  void cleanLinesPassNormalised() {
    String ed = blob("ssh-ed25519", 32);
    assertEquals(
        "ssh-ed25519 " + ed + " dana@laptop",
        SshKeys.authorizedKeyLine("  ssh-ed25519   " + ed + "   dana@laptop  "));
    String rsa = blob("ssh-rsa", 64);
    assertEquals("ssh-rsa " + rsa, SshKeys.authorizedKeyLine("ssh-rsa " + rsa));
  }

  @Test
  void optionsOtherLinesAndMismatchedBlobsAreRefused() {
    String ed = blob("ssh-ed25519", 32);
    assertThrows(
        IllegalArgumentException.class,
        () -> SshKeys.authorizedKeyLine("command=\"rm -rf /\" ssh-ed25519 " + ed));
    assertThrows(
        IllegalArgumentException.class,
        () -> SshKeys.authorizedKeyLine("ssh-ed25519 " + ed + "\nssh-ed25519 " + ed));
    assertThrows(
        IllegalArgumentException.class,
        () -> SshKeys.authorizedKeyLine("ssh-rsa " + ed)); // the blob says ed25519
    assertThrows(IllegalArgumentException.class, () -> SshKeys.authorizedKeyLine("ssh-dss AAAA"));
    assertThrows(
        IllegalArgumentException.class,
        () -> SshKeys.authorizedKeyLine("ssh-ed25519 " + ed + " café"));
    assertThrows(IllegalArgumentException.class, () -> SshKeys.authorizedKeyLine(" "));
  }
}
