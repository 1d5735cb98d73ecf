package io.xenia.protocol.signing;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.signing.VerificationException.Reason;
import java.util.List;

/**
 * A record whose envelope has been verified by {@link SignedEnvelope#open}: every signature in it
 * is valid for this record and type. Only {@code open} creates instances, so holding a {@code
 * Signed<T>} is proof of that check. Whether the <em>right</em> parties signed is a separate
 * question: see {@link #requireSignedBy}.
 *
 * @param <T> the record class
 */
public final class Signed<T> {
  private final T record;
  private final SignedEnvelope envelope;

  Signed(T record, SignedEnvelope envelope) {
    this.record = record;
    this.envelope = envelope;
  }

  /** The verified record. */
  public T record() {
    return record;
  }

  /** The envelope it came in, e.g. to forward it unchanged. */
  public SignedEnvelope envelope() {
    return envelope;
  }

  /** The keys whose valid signatures the envelope carries, sorted. */
  public List<Ed25519PublicKey> signers() {
    return envelope.signatures().stream().map(RecordSignature::signer).toList();
  }

  /** True if the key's valid signature is present. */
  public boolean isSignedBy(Ed25519PublicKey key) {
    requireNonNull(key, "key is null");
    return signers().contains(key);
  }

  /**
   * Demands signatures by all the given keys; returns this for chaining.
   *
   * @throws VerificationException with {@link Reason#MISSING_SIGNER} naming the first absent key
   */
  public Signed<T> requireSignedBy(Ed25519PublicKey... keys) {
    for (Ed25519PublicKey key : keys) {
      if (!isSignedBy(key)) {
        throw new VerificationException(
            Reason.MISSING_SIGNER, "not signed by " + key.toHex() + " (" + key.fingerprint() + ")");
      }
    }
    return this;
  }

  /**
   * Demands a signature by a key with the given fingerprint, as records name hosts by fingerprint;
   * returns that key.
   *
   * @throws VerificationException with {@link Reason#MISSING_SIGNER} if there is none
   */
  public Ed25519PublicKey requireSignerWithFingerprint(String fingerprint) {
    requireNonNull(fingerprint, "fingerprint is null");
    for (Ed25519PublicKey key : signers()) {
      if (key.fingerprint().equals(fingerprint)) {
        return key;
      }
    }
    throw new VerificationException(
        Reason.MISSING_SIGNER, "not signed by the key with fingerprint " + fingerprint);
  }

  @Override
  public String toString() {
    return "Signed[" + record + ", signers=" + signers() + "]";
  }
}
