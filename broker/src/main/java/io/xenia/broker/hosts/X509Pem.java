package io.xenia.broker.hosts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM text of certificates, CRLs and CSRs (RFC 7468). */
public final class X509Pem {
  private X509Pem() {}

  public static String encode(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  public static String certificate(X509Certificate certificate) {
    try {
      return encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
  }

  public static String crl(X509CRL crl) {
    try {
      return encode("X509 CRL", crl.getEncoded());
    } catch (CRLException e) {
      throw new IllegalStateException("cannot encode a CRL", e);
    }
  }

  public static X509Certificate parseCertificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** Parses a PEM {@code CERTIFICATE REQUEST}; IllegalArgumentException when it is not one. */
  public static PKCS10CertificationRequest parseCsr(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      Object object = parser.readObject();
      if (object instanceof PKCS10CertificationRequest csr) {
        return csr;
      }
      throw new IllegalArgumentException("not a PEM CERTIFICATE REQUEST (PKCS#10)");
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM CERTIFICATE REQUEST: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException("not a PEM CERTIFICATE REQUEST: " + e.getMessage(), e);
    }
  }

  static UncheckedIOException io(String what, IOException e) {
    return new UncheckedIOException(what + ": " + e.getMessage(), e);
  }
}
