package io.xenia.protocol.signing;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One party's Ed25519 signature over a record's signing input (see {@link
 * SignedEnvelope#signingInput}). Not verified by construction.
 *
 * @param signer the public key that claims to have signed
 * @param signature the 64 signature bytes (copied in and out)
 */
public record RecordSignature(Ed25519PublicKey signer, byte[] signature) {

  /** Copies the signature; its length is checked at verification, where a wrong one fails. */
  public RecordSignature {
    requireNonNull(signer, "signer is null");
    signature = requireNonNull(signature, "signature is null").clone();
  }

  /** A copy of the signature bytes. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** True if the signature is valid for the given signing input. */
  boolean verifies(byte[] signingInput) {
    return signer.verify(signingInput, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordSignature other
        && signer.equals(other.signer)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * signer.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "RecordSignature[signer="
        + signer.toHex()
        + ", signature="
        + HexFormat.of().formatHex(signature)
        + "]";
  }
}
