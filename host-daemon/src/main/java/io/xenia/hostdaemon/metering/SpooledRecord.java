package io.xenia.hostdaemon.metering;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.signing.SignedEnvelope;

/**
 * One usage record as spooled: the exact bytes that are shipped (the signed envelope's canonical
 * JSON) and the meter state after it.
 */
public record SpooledRecord(byte[] envelopeJson, MeterState state) {
  public SpooledRecord {
    envelopeJson = requireNonNull(envelopeJson, "envelopeJson is null").clone();
    requireNonNull(state, "state is null");
  }

  public String sessionId() {
    return state.sessionId();
  }

  public long sequence() {
    return state.sequence();
  }

  @Override
  public byte[] envelopeJson() {
    return envelopeJson.clone();
  }

  /** The envelope, parsed (not verified). */
  public SignedEnvelope envelope() {
    return SignedEnvelope.fromJson(envelopeJson);
  }
}
