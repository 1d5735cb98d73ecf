package io.xenia.broker.hosts;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host CA on disk: its private key (PKCS#8 PEM, mode 0600) and its certificate beside it
 * ({@code .crt}), created together on first start. Losing them invalidates every host certificate,
 * so they are never overwritten.
 */
final class HostCaFiles {
  private static final Logger LOG = LoggerFactory.getLogger(HostCaFiles.class);

  private HostCaFiles() {}

  record Loaded(KeyPair key, X509Certificate certificate) {}

  static Path certificateFile(Path keyFile) {
    String name = keyFile.getFileName().toString().replaceFirst("\\.pem$", "");
    return keyFile.resolveSibling(name + ".crt");
  }

  static Loaded loadOrCreate(Path keyFile, SecureRandom random) {
    Path certFile = certificateFile(keyFile);
    try {
      if (Files.exists(keyFile)) {
        X509Certificate cert = X509Pem.parseCertificate(Files.readString(certFile));
        var privateKey =
            new JcaPEMKeyConverter().getPrivateKey(readKey(Files.readString(keyFile), keyFile));
        return new Loaded(new KeyPair(cert.getPublicKey(), privateKey), cert);
      }
      Files.createDirectories(keyFile.toAbsolutePath().getParent());
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair key = generator.generateKeyPair();
      X509Certificate cert = HostCertificateAuthority.selfSigned(key, Instant.now(), random);
      write(certFile, X509Pem.certificate(cert), "rw-r--r--");
      write(keyFile, X509Pem.encode("PRIVATE KEY", key.getPrivate().getEncoded()), "rw-------");
      LOG.info("created the host CA {} (certificate {})", keyFile, certFile);
      return new Loaded(key, cert);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load or create the host CA " + keyFile + ": " + e, e);
    }
  }

  private static PrivateKeyInfo readKey(String pem, Path file) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (parser.readObject() instanceof PrivateKeyInfo info) {
        return info;
      }
      throw new IOException(file + " is not a PKCS#8 PRIVATE KEY");
    }
  }

  /** Written to a temporary file created with its final mode, then renamed: never half-written. */
  private static void write(Path file, String text, String mode) throws IOException {
    Path temp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(),
            ".tmp-",
            ".pem",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    try {
      Files.writeString(temp, text, StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
