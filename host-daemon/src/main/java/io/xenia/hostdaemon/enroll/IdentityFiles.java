package io.xenia.hostdaemon.enroll;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.KeyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The host's identity on disk, under {@code <data-dir>/identity/} (mode 0700), every file 0600:
 *
 * <ul>
 *   <li>{@code host-key.pem}: the Ed25519 identity key ({@link KeyFiles});
 *   <li>{@code tls.pem}: the TLS private key (PKCS#8) and its certificate, in one file so that a
 *       rotation replaces both in one rename;
 *   <li>{@code ca.pem}: the host CA certificates — the only issuers whose callers are accepted;
 *   <li>{@code membership.json}: the DHT membership certificate (role HOST);
 *   <li>{@code enrollment.properties}: host id, broker URL, heartbeat interval.
 * </ul>
 *
 * Each file is written to a temporary file created 0600 and renamed, so none is ever half-written
 * or readable by others.
 */
public final class IdentityFiles {
  private final Path directory;

  public IdentityFiles(Path dataDirectory) {
    this.directory = dataDirectory.resolve("identity");
  }

  public Path directory() {
    return directory;
  }

  public Path hostKey() {
    return directory.resolve("host-key.pem");
  }

  public Path tls() {
    return directory.resolve("tls.pem");
  }

  public Path ca() {
    return directory.resolve("ca.pem");
  }

  public Path membership() {
    return directory.resolve("membership.json");
  }

  public Path enrollment() {
    return directory.resolve("enrollment.properties");
  }

  public boolean enrolled() {
    return Files.exists(enrollment());
  }

  /** Creates the directory (0700) and the host key if absent; returns the host key. */
  Ed25519KeyPair hostKeyOrCreate(java.security.SecureRandom random) throws IOException {
    Files.createDirectories(
        directory,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    if (Files.exists(hostKey())) {
      return KeyFiles.loadPrivateKey(hostKey());
    }
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    KeyFiles.storePrivateKey(hostKey(), key);
    return key;
  }

  void writeTls(PrivateKey key, String certificatePem) throws IOException {
    writeSecret(tls(), Pem.encode("PRIVATE KEY", key.getEncoded()) + certificatePem);
  }

  void writeCa(List<String> caCertificates) throws IOException {
    writeSecret(ca(), String.join("", caCertificates));
  }

  void writeMembership(String json) throws IOException {
    writeSecret(membership(), json);
  }

  void writeEnrollment(UUID hostId, URI broker, Duration heartbeatInterval) throws IOException {
    var text =
        "# written by host-daemon enroll\n"
            + "hostId="
            + hostId
            + "\nbroker="
            + broker
            + "\nheartbeatIntervalMs="
            + heartbeatInterval.toMillis()
            + "\n";
    writeSecret(enrollment(), text);
  }

  /** Loads the enrolled identity; fails with the missing file's name when not enrolled. */
  public HostIdentity load() {
    try {
      var properties = new Properties();
      try (var in = Files.newBufferedReader(enrollment())) {
        properties.load(in);
      }
      String tls = Files.readString(tls());
      List<X509Certificate> certificates = Pem.certificates(tls);
      if (certificates.isEmpty()) {
        throw new IllegalStateException(tls() + " has no CERTIFICATE");
      }
      return new HostIdentity(
          UUID.fromString(properties.getProperty("hostId")),
          URI.create(properties.getProperty("broker")),
          KeyFiles.loadPrivateKey(hostKey()),
          Pem.ecPrivateKey(tls),
          certificates.get(0),
          Pem.certificates(Files.readString(ca())),
          Files.readAllBytes(membership()),
          Duration.ofMillis(Long.parseLong(properties.getProperty("heartbeatIntervalMs"))));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load the host identity from " + directory + " (run host-daemon enroll)", e);
    }
  }

  private void writeSecret(Path file, String text) throws IOException {
    Path temp =
        Files.createTempFile(
            directory,
            ".tmp-",
            "",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try (var channel =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
