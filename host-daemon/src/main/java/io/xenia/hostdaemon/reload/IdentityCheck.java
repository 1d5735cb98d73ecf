package io.xenia.hostdaemon.reload;

import io.xenia.dht.security.MembershipCertificate;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether identity files that changed on disk may replace the running identity: the same host (id,
 * host key, broker), a TLS certificate that belongs to the TLS key beside it, is valid now, was
 * issued by one of the host CAs and is not revoked, and a DHT membership certificate of this host
 * key from the membership CA, valid now. Anything else (a file half-copied by hand, a key from one
 * rotation and a certificate from another, another host's files) is refused and the old identity
 * stays.
 */
final class IdentityCheck {
  private IdentityCheck() {}

  /** The reasons {@code candidate} cannot replace {@code running}; empty if it can. */
  static List<String> problems(
      HostIdentity running,
      HostIdentity candidate,
      Ed25519PublicKey membershipCa,
      Predicate<BigInteger> revoked,
      Instant now) {
    List<String> problems = new ArrayList<>();
    if (!candidate.hostId().equals(running.hostId())) {
      problems.add(
          "enrollment.properties names host "
              + candidate.hostId()
              + ", not "
              + running.hostId()
              + " (another enrollment: restart the daemon)");
    }
    if (!candidate.hostKey().publicKey().equals(running.hostKey().publicKey())) {
      problems.add("host-key.pem changed: a new host key is a new host (restart the daemon)");
    }
    if (!candidate.broker().equals(running.broker())) {
      problems.add("enrollment.properties names another broker (restart the daemon)");
    }
    X509Certificate cert = candidate.tlsCertificate();
    if (!belongTogether(candidate.tlsKey(), cert)) {
      problems.add("tls.pem: the certificate does not belong to the private key beside it");
    }
    try {
      cert.checkValidity(Date.from(now));
    } catch (GeneralSecurityException e) {
      problems.add(
          "tls.pem: the certificate is not valid now ("
              + cert.getNotBefore().toInstant()
              + " .. "
              + cert.getNotAfter().toInstant()
              + ")");
    }
    if (!issuedByOneOf(cert, candidate.caCertificates())) {
      problems.add("tls.pem: the certificate was not issued by a host CA of ca.pem");
    }
    if (revoked.test(cert.getSerialNumber())) {
      problems.add("tls.pem: the certificate (serial " + cert.getSerialNumber() + ") is revoked");
    }
    try {
      MembershipCertificate m = MembershipCertificate.fromJson(candidate.membershipCertificate());
      m.verify(membershipCa, now);
      if (!m.claims().subject().equals(running.hostKey().publicKey())) {
        problems.add("membership.json certifies another key than this host's");
      }
    } catch (RuntimeException e) {
      problems.add("membership.json: " + e.getMessage());
    }
    return problems;
  }

  static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    try {
      String algorithm =
          switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
          };
      byte[] probe = "xenia identity reload: key and certificate".getBytes();
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean issuedByOneOf(X509Certificate cert, List<X509Certificate> cas) {
    for (X509Certificate ca : cas) {
      if (ca.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        try {
          cert.verify(ca.getPublicKey());
          return true;
        } catch (GeneralSecurityException e) {
          // another CA of the same name may have signed it
        }
      }
    }
    return false;
  }
}
