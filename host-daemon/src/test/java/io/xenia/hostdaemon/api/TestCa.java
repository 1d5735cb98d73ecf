package io.xenia.hostdaemon.api;

import io.xenia.hostdaemon.enroll.TlsKeys;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests, shaped like the broker's host CA (ECDSA P-256,
 * SHA256withECDSA, leaf certificates for server and client auth with an IP SAN of 127.0.0.1).
 */
public final class TestCa {
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);
  private final KeyPair key = TlsKeys.generate();
  private final X509Certificate certificate;
  private final String name;

  public TestCa(String name) {
    this.name = name;
    try {
      var x500 = new X500Name("CN=" + name);
      var builder =
          new JcaX509v3CertificateBuilder(
              x500,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(Instant.now().minusSeconds(300)),
              Date.from(Instant.now().plus(Duration.ofDays(1))),
              x500,
              key.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      certificate = sign(builder);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public record Leaf(KeyPair key, X509Certificate certificate) {}

  public Leaf issue(String subject) {
    KeyPair leafKey = TlsKeys.generate();
    return new Leaf(leafKey, issue(subject, leafKey.getPublic()));
  }

  X509Certificate issue(String subject, PublicKey publicKey) {
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              new X500Name("CN=" + name),
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(Instant.now().minusSeconds(300)),
              Date.from(Instant.now().plus(Duration.ofDays(1))),
              new X500Name("CN=" + subject),
              publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
      return sign(builder);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  X509CRL crl(List<BigInteger> revoked, long number) {
    try {
      var builder = new X509v2CRLBuilder(new X500Name("CN=" + name), new Date());
      for (BigInteger serial : revoked) {
        builder.addCRLEntry(serial, new Date(), CRLReason.keyCompromise);
      }
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
      return new JcaX509CRLConverter()
          .getCRL(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
  }
}
