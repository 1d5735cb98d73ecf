package io.xenia.broker.hosts;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** An X.509 certificate the host CA signed, with the facts the registry records of it. */
public record IssuedCertificate(X509Certificate certificate) {
  public long serial() {
    return certificate.getSerialNumber().longValueExact();
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  public String pem() {
    return X509Pem.certificate(certificate);
  }
}
