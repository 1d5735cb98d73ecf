package io.xenia.hostdaemon;

import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/** Sessions and keys for tests. */
public final class TestSessions {
  private TestSessions() {}

  public static final Ed25519KeyPair CUSTOMER = Ed25519KeyPair.generate(new SecureRandom());

  public static Session session(String sessionId) {
    return new Session(
        sessionId,
        "agr-" + sessionId,
        "acct-1",
        CUSTOMER.publicKey(),
        List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA test"),
        new Limits(2, 1024),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
