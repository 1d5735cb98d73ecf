package io.xenia.hostdaemon.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Enrollment and rotation, without the command line: generate keys, ask the broker, store what it
 * returns ({@link IdentityFiles}). The host key is created once and kept (a re-enrollment after a
 * revocation needs a new data directory); the TLS key is new at every enrollment and rotation.
 */
public final class Enrollment {
  private final SecureRandom random = new SecureRandom();

  /** Enrolls with a one-time token; refuses if {@code dataDir} is already enrolled. */
  public HostIdentity enroll(
      URI broker, String token, Path dataDir, String name, List<String> tlsNames) {
    var files = new IdentityFiles(dataDir);
    if (files.enrolled()) {
      throw new IllegalStateException(
          dataDir + " is already enrolled (" + files.enrollment() + "); use --rotate");
    }
    try {
      var hostKey = files.hostKeyOrCreate(random);
      KeyPair tls = TlsKeys.generate();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", token);
      body.put("name", name);
      body.put("hostPublicKey", hostKey.publicKey().toBase64Url());
      body.put("tlsCsr", TlsKeys.csr(tls));
      body.put("tlsNames", tlsNames);
      JsonNode answer = new BrokerClient(broker, Optional.empty()).post("/v1/hosts/enroll", body);
      UUID hostId = UUID.fromString(answer.path("host").path("id").asText());
      store(files, tls, answer.path("credentials"));
      files.writeEnrollment(
          hostId,
          broker,
          Duration.ofMillis(answer.path("credentials").path("heartbeatIntervalMs").asLong()));
      return files.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the host identity in " + dataDir, e);
    }
  }

  /**
   * New certificates for an enrolled host: a new TLS key, a rotation request signed by the host key
   * (or sent with the operator's {@code apiKey}), the answer stored.
   */
  public HostIdentity rotate(Path dataDir, Optional<String> apiKey, List<String> tlsNames) {
    var files = new IdentityFiles(dataDir);
    HostIdentity current = files.load();
    KeyPair tls = TlsKeys.generate();
    String csr = TlsKeys.csr(tls);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tlsCsr", csr);
    body.put("tlsNames", tlsNames.isEmpty() ? namesOf(current) : new ArrayList<>(tlsNames));
    if (apiKey.isEmpty()) {
      long now = System.currentTimeMillis();
      body.put("signedAtEpochMs", now);
      body.put(
          "signature",
          HostRequestProof.signRotation(current.hostKey(), current.hostId(), csr, now));
    }
    JsonNode answer =
        new BrokerClient(current.broker(), apiKey)
            .post("/v1/hosts/" + current.hostId() + "/certificates", body);
    try {
      store(files, tls, answer);
      return files.load();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the rotated certificates in " + dataDir, e);
    }
  }

  /**
   * The DNS and IP SANs of the current certificate: a rotation keeps them unless told otherwise.
   */
  static List<String> namesOf(HostIdentity identity) {
    List<String> names = new ArrayList<>();
    try {
      var sans = identity.tlsCertificate().getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == 2 || type == 7) { // dNSName, iPAddress
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // No names to keep; the URI SAN with the host id is added by the broker anyway.
    }
    return names;
  }

  private static void store(IdentityFiles files, KeyPair tls, JsonNode credentials)
      throws IOException {
    List<String> cas = new ArrayList<>();
    credentials.path("caCertificates").forEach(c -> cas.add(c.asText()));
    files.writeCa(cas);
    files.writeMembership(credentials.path("membershipCertificate").asText());
    files.writeTls(tls.getPrivate(), credentials.path("tlsCertificate").asText());
  }
}
