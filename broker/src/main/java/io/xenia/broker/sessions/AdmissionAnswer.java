package io.xenia.broker.sessions;

import io.xenia.protocol.signing.SignedEnvelope;

/** A host's answer to an admission proposal. */
public sealed interface AdmissionAnswer {
  /** Admitted: the agreement as the host signed it. */
  record Admitted(SignedEnvelope agreement) implements AdmissionAnswer {}

  /** Refused with the control API's stable reason ({@code machine-unavailable}, …). */
  record Refused(String reason, String detail) implements AdmissionAnswer {}

  /** No answer: unreachable, timed out, or an answer that is not the API's. */
  record NoAnswer(String detail) implements AdmissionAnswer {}
}
