package io.xenia.hostdaemon.enroll;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The host's TLS key: ECDSA P-256 (the broker's host CA certifies only that; docs/decisions.md says
 * why), and the PKCS#10 CSR that proves the host holds it.
 */
public final class TlsKeys {
  private TlsKeys() {}

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no ECDSA P-256", e);
    }
  }

  /**
   * A PEM CSR for {@code key}; the broker sets the subject itself, so this one is a placeholder.
   */
  public static String csr(KeyPair key) {
    try {
      var csr =
          new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=xenia-host"), key.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
      var out = new StringWriter();
      try (var pem = new JcaPEMWriter(out)) {
        pem.writeObject(csr);
      }
      return out.toString();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a CSR", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
