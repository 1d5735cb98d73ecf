package io.xenia.broker.hosts;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A host's keys as a test daemon holds them: Ed25519 identity, ECDSA P-256 TLS key and its CSR. */
record HostIdentity(Ed25519KeyPair hostKey, KeyPair tlsKey) {
  private static final SecureRandom RANDOM = new SecureRandom();

  static HostIdentity generate() {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new HostIdentity(Ed25519KeyPair.generate(RANDOM), generator.generateKeyPair());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String csr() {
    return csr(tlsKey);
  }

  static String csr(KeyPair key) {
    try {
      var csr =
          new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=host"), key.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
      var out = new StringWriter();
      try (var pem = new JcaPEMWriter(out)) {
        pem.writeObject(csr);
      }
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Map<String, Object> enrollment(String token, String name) {
    return Map.of(
        "token",
        token,
        "name",
        name,
        "hostPublicKey",
        hostKey.publicKey().toBase64Url(),
        "tlsCsr",
        csr());
  }

  String sign(byte[] message) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hostKey.sign(message));
  }

  Map<String, Object> heartbeat(UUID hostId, long sequence) {
    long now = System.currentTimeMillis();
    return Map.of(
        "sequence",
        sequence,
        "signedAtEpochMs",
        now,
        "machinesTotal",
        3,
        "machinesReady",
        2,
        "signature",
        sign(HostProof.heartbeat(hostId, sequence, now, 3, 2)));
  }

  /** A heartbeat naming the control endpoint {@code signedEndpoint} but sending {@code sent}. */
  Map<String, Object> heartbeat(UUID hostId, long sequence, String signedEndpoint, String sent) {
    long now = System.currentTimeMillis();
    return Map.of(
        "sequence",
        sequence,
        "signedAtEpochMs",
        now,
        "machinesTotal",
        3,
        "machinesReady",
        2,
        "controlEndpoint",
        sent,
        "signature",
        sign(HostProof.heartbeat(hostId, sequence, now, 3, 2, signedEndpoint)));
  }

  /** A heartbeat signing {@code signedMetrics} but sending {@code sentMetrics}. */
  Map<String, Object> heartbeat(
      UUID hostId,
      long sequence,
      Map<String, String> signedMetrics,
      Map<String, String> sentMetrics) {
    long now = System.currentTimeMillis();
    return Map.of(
        "sequence",
        sequence,
        "signedAtEpochMs",
        now,
        "machinesTotal",
        3,
        "machinesReady",
        2,
        "metrics",
        sentMetrics,
        "signature",
        sign(HostProof.heartbeat(hostId, sequence, now, 3, 2, null, signedMetrics)));
  }
}
