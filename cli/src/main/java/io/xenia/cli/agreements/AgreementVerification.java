package io.xenia.cli.agreements;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks a session's agreement as the customer holds it ({@code GET /v1/sessions/{id}/agreement}):
 * the envelope's canonical bytes carry valid signatures of both the host key and the broker key the
 * answer names, the host key is the one the agreement names as host (its fingerprint), the
 * agreement is the session's, and — when the broker tells the caller about the host — the host key
 * is the one enrolled there. Pure: the caller fetches, this decides.
 */
public final class AgreementVerification {
  private AgreementVerification() {}

  /**
   * What was checked.
   *
   * @param agreement the decoded agreement (present whenever the envelope decodes, even when a
   *     check failed, so the caller can show what the document claims)
   * @param failures what did not hold, empty when the agreement verifies
   * @param checks what held, in order, for the report
   */
  public record Result(Optional<Agreement> agreement, List<String> failures, List<String> checks) {
    public boolean verified() {
      return failures.isEmpty() && agreement.isPresent();
    }
  }

  /**
   * @param envelopeBase64Url the envelope's canonical JSON, base64url, as the broker returned it
   * @param hostKeyText the host's key (base64url) as the answer names it
   * @param brokerKeyText the broker's key (base64url) as the answer names it
   * @param sessionId the session asked for
   * @param enrolledHostKey the host's enrolled key (base64url) from the broker's host record, if
   *     the caller may read it
   */
  public static Result verify(
      String envelopeBase64Url,
      String hostKeyText,
      String brokerKeyText,
      String sessionId,
      Optional<String> enrolledHostKey) {
    requireNonNull(sessionId, "sessionId is null");
    List<String> failures = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    SignedEnvelope envelope;
    Ed25519PublicKey hostKey;
    Ed25519PublicKey brokerKey;
    try {
      envelope = SignedEnvelope.fromJson(Base64.getUrlDecoder().decode(envelopeBase64Url));
      hostKey = Ed25519PublicKey.fromBase64Url(hostKeyText);
      brokerKey = Ed25519PublicKey.fromBase64Url(brokerKeyText);
    } catch (RuntimeException e) {
      failures.add("the agreement document is malformed: " + e.getMessage());
      return new Result(Optional.empty(), failures, checks);
    }
    Optional<Agreement> claimed = decodeUnverified(envelope);
    Agreement agreement;
    try {
      agreement = envelope.open(Agreement.TYPE).requireSignedBy(hostKey, brokerKey).record();
      checks.add(
          "signatures of the host ("
              + hostKey.fingerprint()
              + ") and the broker ("
              + brokerKey.fingerprint()
              + ") verify over the same canonical bytes");
    } catch (VerificationException e) {
      failures.add("signature check failed (" + e.reason() + "): " + e.getMessage());
      return new Result(claimed, failures, checks);
    }
    if (agreement.hostId().equals(hostKey.fingerprint())) {
      checks.add("the host key is the agreement's host " + agreement.hostId());
    } else {
      failures.add(
          "the agreement names host "
              + agreement.hostId()
              + " but was signed by "
              + hostKey.fingerprint());
    }
    if (agreement.sessionId().equals(sessionId)) {
      checks.add("the agreement is session " + sessionId + "'s");
    } else {
      failures.add("the agreement is session " + agreement.sessionId() + "'s, not " + sessionId);
    }
    if (enrolledHostKey.isPresent()) {
      if (enrolledHostKey.get().equals(hostKey.toBase64Url())) {
        checks.add("the host key is the key the host enrolled with");
      } else {
        failures.add("the host key is not the key the broker has enrolled for the session's host");
      }
    }
    return new Result(Optional.of(agreement), failures, checks);
  }

  /** The record as the envelope claims it, without trusting it (for showing a bad document). */
  private static Optional<Agreement> decodeUnverified(SignedEnvelope envelope) {
    try {
      return Optional.of(
          Agreement.TYPE.decode(
              io.xenia.protocol.encoding.CanonicalJson.parseCanonical(envelope.body())));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
