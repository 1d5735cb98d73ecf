package io.xenia.hostdaemon.api;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The serials of revoked certificates that the control API refuses in the TLS handshake. Filled
 * from the host CA's CRL, which the daemon receives with every heartbeat answer ({@link #update});
 * a CRL not signed by a trusted CA, or older than the one installed, is ignored. Thread-safe:
 * handshakes read a snapshot while heartbeats replace it.
 */
public final class RevocationList {
  private final List<X509Certificate> trustedCas;
  private volatile Set<BigInteger> revoked = Set.of();
  private volatile BigInteger crlNumber = BigInteger.valueOf(-1);

  public RevocationList(List<X509Certificate> trustedCas) {
    this.trustedCas = List.copyOf(trustedCas);
  }

  public boolean isRevoked(BigInteger serial) {
    return revoked.contains(serial);
  }

  /** Adds serials directly (an operator's local block list, tests). */
  public synchronized void revoke(BigInteger serial) {
    Set<BigInteger> next = new HashSet<>(revoked);
    next.add(serial);
    revoked = Set.copyOf(next);
  }

  /**
   * Installs {@code crl} if a trusted CA signed it and it is newer than the installed one.
   *
   * @return true if installed
   */
  public synchronized boolean update(X509CRL crl) {
    X509Certificate issuer = null;
    for (X509Certificate ca : trustedCas) {
      if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        try {
          crl.verify(ca.getPublicKey());
          issuer = ca;
          break;
        } catch (GeneralSecurityException e) {
          // Try the next CA of that name; none verifying means the CRL is ignored.
        }
      }
    }
    if (issuer == null) {
      return false;
    }
    BigInteger number = number(crl);
    if (number.compareTo(crlNumber) <= 0) {
      return false;
    }
    Set<BigInteger> next = new HashSet<>();
    Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
    if (entries != null) {
      entries.forEach(e -> next.add(e.getSerialNumber()));
    }
    revoked = Set.copyOf(next);
    crlNumber = number;
    return true;
  }

  public int size() {
    return revoked.size();
  }

  private static BigInteger number(X509CRL crl) {
    byte[] ext = crl.getExtensionValue("2.5.29.20");
    if (ext == null) {
      return BigInteger.valueOf(crl.getThisUpdate().getTime());
    }
    try {
      var octets =
          (org.bouncycastle.asn1.ASN1OctetString)
              org.bouncycastle.asn1.ASN1Primitive.fromByteArray(ext);
      return org.bouncycastle.asn1.ASN1Integer.getInstance(octets.getOctets()).getValue();
    } catch (java.io.IOException e) {
      return BigInteger.valueOf(crl.getThisUpdate().getTime());
    }
  }
}
