package io.xenia.hostdaemon.enroll;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Writes an enrolled identity into a data dir as {@code host-daemon enroll} would, from
 * certificates a test made, for tests of what runs on an enrolled host (no broker needed).
 */
public final class EnrolledDataDir {
  private EnrolledDataDir() {}

  /** Creates the host key under {@code <dataDir>/identity} (or loads it). */
  public static io.xenia.protocol.crypto.Ed25519KeyPair hostKey(Path dataDir) throws Exception {
    return new IdentityFiles(dataDir).hostKeyOrCreate(new SecureRandom());
  }

  /** Writes the rest of the identity beside the host key. */
  public static IdentityFiles write(
      Path dataDir,
      PrivateKey tlsKey,
      X509Certificate tlsCertificate,
      X509Certificate ca,
      byte[] membershipJson,
      URI broker,
      Duration heartbeatInterval)
      throws Exception {
    IdentityFiles files = new IdentityFiles(dataDir);
    files.writeTls(tlsKey, Pem.encode("CERTIFICATE", tlsCertificate.getEncoded()));
    files.writeCa(List.of(Pem.encode("CERTIFICATE", ca.getEncoded())));
    files.writeMembership(new String(membershipJson, java.nio.charset.StandardCharsets.UTF_8));
    files.writeEnrollment(UUID.randomUUID(), broker, heartbeatInterval);
    return files;
  }

  /** Replaces the TLS key + certificate and the membership certificate as {@code --rotate} does. */
  public static void rotate(
      Path dataDir, PrivateKey tlsKey, X509Certificate tlsCertificate, byte[] membershipJson)
      throws Exception {
    IdentityFiles files = new IdentityFiles(dataDir);
    files.writeMembership(new String(membershipJson, java.nio.charset.StandardCharsets.UTF_8));
    files.writeTls(tlsKey, Pem.encode("CERTIFICATE", tlsCertificate.getEncoded()));
  }

  /** {@code tls.pem}'s text as {@code enroll} writes it (key, then certificate). */
  public static String tlsPem(PrivateKey tlsKey, X509Certificate tlsCertificate) throws Exception {
    return Pem.encode("PRIVATE KEY", tlsKey.getEncoded())
        + Pem.encode("CERTIFICATE", tlsCertificate.getEncoded());
  }
}
