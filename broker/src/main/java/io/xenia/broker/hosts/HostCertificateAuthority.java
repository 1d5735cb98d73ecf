package io.xenia.broker.hosts;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The broker's host CA: an ECDSA P-256 key and self-signed certificate that sign the X.509
 * certificates hosts use for mTLS on their control API, and the CRL of revoked ones. ECDSA P-256
 * rather than Ed25519: see docs/decisions.md (every TLS stack, load balancer and HSM speaks it).
 *
 * <p>Host certificates carry the host id as the subject CN and as the URI SAN {@code
 * urn:xenia:host:<id>}, are good for both TLS server and client auth, and are valid from five
 * minutes before issue (clock skew). Serials are random positive 63-bit numbers. Immutable and
 * thread-safe.
 */
public final class HostCertificateAuthority {
  static final Duration SKEW_ALLOWANCE = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final KeyPair key;
  private final X509Certificate certificate;
  private final Duration validity;
  private final Clock clock;
  private final SecureRandom random;

  HostCertificateAuthority(
      KeyPair key,
      X509Certificate certificate,
      Duration validity,
      Clock clock,
      SecureRandom random) {
    this.key = requireNonNull(key, "key is null");
    this.certificate = requireNonNull(certificate, "certificate is null");
    this.validity = requireNonNull(validity, "validity is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** A new CA certificate for {@code key}, valid for ten years. */
  static X509Certificate selfSigned(KeyPair key, Instant now, SecureRandom random) {
    X500Name name = new X500Name("CN=Xenia host CA,O=Xenia");
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              name,
              serial(random),
              Date.from(now.minus(SKEW_ALLOWANCE)),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              key.getPublic());
      var ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
      return convert(builder, key);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot create the host CA certificate", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Reads and checks a CSR: its signature (proof that the caller holds the private key) and its key
   * type (ECDSA P-256).
   *
   * @return the public key to certify
   * @throws IllegalArgumentException with a reason fit for the client
   */
  public static PublicKey publicKeyOf(String csrPem) {
    PKCS10CertificationRequest csr = X509Pem.parseCsr(csrPem);
    try {
      var jca = new JcaPKCS10CertificationRequest(csr);
      PublicKey publicKey = jca.getPublicKey();
      if (!(publicKey instanceof ECPublicKey ec)
          || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalArgumentException("the CSR's key must be ECDSA P-256");
      }
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
        throw new IllegalArgumentException("the CSR's signature does not verify");
      }
      return publicKey;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalArgumentException("cannot read the CSR: " + e.getMessage(), e);
    } catch (org.bouncycastle.pkcs.PKCSException e) {
      throw new IllegalArgumentException("the CSR's signature does not verify", e);
    }
  }

  /** A host's mTLS certificate: CN and URI SAN name the host id; extra SANs from {@code names}. */
  public IssuedCertificate issueHost(UUID hostId, PublicKey subject, List<String> names) {
    return issue("CN=" + hostId + ",OU=host,O=Xenia", "urn:xenia:host:" + hostId, subject, names);
  }

  /**
   * A broker's client certificate for calling host control APIs (issue 5's sessions use it): the
   * same CA, so a daemon trusts exactly the callers this CA signed.
   */
  public IssuedCertificate issueBroker(String brokerName, PublicKey subject) {
    return issue(
        "CN=" + brokerName + ",OU=broker,O=Xenia",
        "urn:xenia:broker:" + brokerName,
        subject,
        List.of());
  }

  private IssuedCertificate issue(
      String subjectName, String uri, PublicKey subject, List<String> names) {
    Instant now = clock.instant();
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(random),
              Date.from(now.minus(SKEW_ALLOWANCE)),
              Date.from(now.plus(validity)),
              new X500Name(subjectName),
              subject);
      var ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      List<GeneralName> sans = new ArrayList<>();
      sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
      for (String n : names) {
        sans.add(
            n.matches("[0-9.]+") || n.contains(":")
                ? new GeneralName(GeneralName.iPAddress, n)
                : new GeneralName(GeneralName.dNSName, n));
      }
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(sans.toArray(GeneralName[]::new)));
      return new IssuedCertificate(convert(builder, key));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subjectName, e);
    }
  }

  /** A CRL of {@code revoked}, signed now, to be refreshed within a day. */
  public X509CRL crl(List<RevokedSerial> revoked) {
    Instant now = clock.instant();
    var builder =
        new X509v2CRLBuilder(
            X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
            Date.from(now));
    builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
    for (RevokedSerial r : revoked) {
      builder.addCRLEntry(
          BigInteger.valueOf(r.serial()), Date.from(r.revokedAt()), CRLReason.cessationOfOperation);
    }
    try {
      builder.addExtension(
          Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key.getPrivate());
      return new JcaX509CRLConverter().getCRL(builder.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot sign the CRL", e);
    }
  }

  private static X509Certificate convert(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      ContentSigner contentSigner =
          new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    long serial;
    do {
      serial = random.nextLong() & Long.MAX_VALUE;
    } while (serial == 0);
    return BigInteger.valueOf(serial);
  }
}
