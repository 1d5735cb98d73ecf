package io.xenia.broker.sessions;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.signing.RecordSignature;
import io.xenia.protocol.signing.SignedEnvelope;

/**
 * What the broker checks before it countersigns a host's agreement: the host's key signed it, and
 * it is the agreement proposed — same session, host, machine, customer, key, order, resources,
 * prices, lease length and terms. The host chooses the agreement id and starts the lease at its
 * admission (within {@link #MAX_SKEW} of the proposed start). Pure.
 */
public final class AgreementCheck {
  private AgreementCheck() {}

  /**
   * @return the agreement the host signed
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Agreement hostSigned(
      SignedEnvelope envelope, Ed25519PublicKey hostKey, Agreement proposal) {
    if (!Agreement.TYPE.name().equals(envelope.type())) {
      throw new IllegalArgumentException("the envelope holds a " + envelope.type());
    }
    byte[] input = SignedEnvelope.signingInput(envelope.type(), envelope.body());
    boolean signed = false;
    for (RecordSignature s : envelope.signatures()) {
      if (s.signer().equals(hostKey) && hostKey.verify(input, s.signature())) {
        signed = true;
      }
    }
    if (!signed) {
      throw new IllegalArgumentException("the host's key did not sign the agreement");
    }
    Agreement a = Agreement.fromCanonical(envelope.bodyValue());
    require(a.sessionId().equals(proposal.sessionId()), "sessionId");
    require(a.hostId().equals(proposal.hostId()), "hostId");
    require(a.machineId().equals(proposal.machineId()), "machineId");
    require(a.customerAccountId().equals(proposal.customerAccountId()), "customerAccountId");
    require(a.customerPublicKey().equals(proposal.customerPublicKey()), "customerPublicKey");
    require(a.purchaseOrderId().equals(proposal.purchaseOrderId()), "purchaseOrderId");
    require(a.resources().equals(proposal.resources()), "resources");
    require(a.prices().equals(proposal.prices()), "prices");
    // The host starts the lease when it admits (its clock): within MAX_SKEW of the proposal, and
    // for the same length; an open-ended proposal stays open-ended.
    require(
        java.time.Duration.between(proposal.notBefore(), a.notBefore()).abs().compareTo(MAX_SKEW)
            <= 0,
        "notBefore");
    require(sameLength(proposal, a), "end");
    require(a.termsVersion().equals(proposal.termsVersion()), "termsVersion");
    return a;
  }

  /** An amended agreement (a modification): same session, host, machine, customer and order. */
  public static Agreement amendment(
      SignedEnvelope envelope, Ed25519PublicKey hostKey, Agreement inForce) {
    Agreement proposal =
        new Agreement(
            Agreement.VERSION,
            inForce.agreementId(),
            inForce.sessionId(),
            inForce.hostId(),
            inForce.machineId(),
            inForce.customerAccountId(),
            inForce.customerPublicKey(),
            inForce.purchaseOrderId(),
            inForce.resources(),
            inForce.prices(),
            inForce.notBefore(),
            inForce.end(),
            inForce.termsVersion());
    if (!Agreement.TYPE.name().equals(envelope.type())) {
      throw new IllegalArgumentException("the envelope holds a " + envelope.type());
    }
    Agreement a = Agreement.fromCanonical(envelope.bodyValue());
    byte[] input = SignedEnvelope.signingInput(envelope.type(), envelope.body());
    if (envelope.signatures().stream()
        .noneMatch(s -> s.signer().equals(hostKey) && hostKey.verify(input, s.signature()))) {
      throw new IllegalArgumentException("the host's key did not sign the amended agreement");
    }
    require(a.sessionId().equals(proposal.sessionId()), "sessionId");
    require(a.hostId().equals(proposal.hostId()), "hostId");
    require(a.machineId().equals(proposal.machineId()), "machineId");
    require(a.customerAccountId().equals(proposal.customerAccountId()), "customerAccountId");
    require(a.purchaseOrderId().equals(proposal.purchaseOrderId()), "purchaseOrderId");
    require(a.prices().equals(proposal.prices()), "prices");
    return a;
  }

  /** How far the host's start may be from the proposed one. */
  public static final java.time.Duration MAX_SKEW = java.time.Duration.ofMinutes(5);

  private static boolean sameLength(Agreement proposal, Agreement signed) {
    if (proposal.end() instanceof LeaseEnd.Fixed p) {
      return signed.end() instanceof LeaseEnd.Fixed s
          && java.time.Duration.between(proposal.notBefore(), p.notAfter())
              .equals(java.time.Duration.between(signed.notBefore(), s.notAfter()));
    }
    return signed.end() instanceof LeaseEnd.OpenEnded;
  }

  private static void require(boolean ok, String field) {
    if (!ok) {
      throw new IllegalArgumentException("the host changed " + field + " of the proposal");
    }
  }
}
