package io.xenia.protocol.signing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.RecordFormatException;
import io.xenia.protocol.encoding.UnsupportedVersionException;
import io.xenia.protocol.signing.VerificationException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A record's canonical bytes with one or more Ed25519 signatures over them, as it travels. Not
 * trusted: {@link #open} verifies it and yields a {@link Signed} record.
 *
 * <p>Every signature covers the domain-separated <em>signing input</em> {@code "xenia-v1:" + type +
 * ":" + body}, where {@code body} is the canonical JSON of the record (see {@link #signingInput}).
 * The type name in the input means a signature made for one record type never verifies as another,
 * even if the bodies happen to coincide; the version means a future scheme cannot be confused with
 * this one. Several parties may sign the same body (an agreement is signed by host and broker);
 * signatures are kept sorted by signer key, so the envelope's own encoding does not depend on who
 * signed first.
 *
 * <p>Instances are immutable.
 */
public final class SignedEnvelope {
  /** The only signature scheme version this code produces and accepts. */
  public static final int VERSION = 1;

  private static final Comparator<RecordSignature> BY_SIGNER =
      Comparator.comparing(s -> s.signer().toHex());

  private final int version;
  private final String type;
  private final byte[] body;
  private final List<RecordSignature> signatures;

  /**
   * The body's value tree when the envelope was read from one ({@link #fromJson}), else null: the
   * body bytes were encoded from it, so {@link #open} decodes the record from it instead of parsing
   * those bytes again (billing opens thousands of envelopes a second). Trees are immutable.
   */
  private final CanonicalValue bodyTree;

  private SignedEnvelope(
      int version,
      String type,
      byte[] body,
      List<RecordSignature> signatures,
      CanonicalValue bodyTree) {
    this.version = version;
    this.type = type;
    this.body = body;
    this.signatures = signatures;
    this.bodyTree = bodyTree;
  }

  /**
   * An envelope from its parts, as received from elsewhere. Nothing is verified except that the
   * body is canonical JSON and no signer appears twice.
   *
   * @param version the signature scheme version; {@link #open} accepts only {@link #VERSION}
   * @param type the record type name the signers claim
   * @param body canonical JSON of the record (copied)
   * @param signatures the signatures, in any order
   * @throws io.xenia.protocol.encoding.CanonicalJsonException if the body is not canonical JSON
   * @throws IllegalArgumentException if the type name is not a valid one or a signer appears twice
   */
  public static SignedEnvelope of(
      int version, String type, byte[] body, List<RecordSignature> signatures) {
    RecordType.requireValidName(type);
    requireNonNull(body, "body is null");
    requireNonNull(signatures, "signatures is null");
    byte[] copy = body.clone();
    CanonicalJson.parseCanonical(copy);
    return ofCanonicalBody(version, type, copy, signatures, null);
  }

  /**
   * As {@link #of}, for a body this package has just encoded canonically itself ({@link
   * EnvelopeCodec}) from {@code bodyTree}: parsing it again to check it is canonical would only
   * repeat the work.
   */
  static SignedEnvelope ofCanonicalBody(
      int version,
      String type,
      byte[] canonicalBody,
      List<RecordSignature> signatures,
      CanonicalValue bodyTree) {
    RecordType.requireValidName(type);
    List<RecordSignature> sorted = new ArrayList<>(signatures);
    sorted.sort(BY_SIGNER);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).signer().equals(sorted.get(i - 1).signer())) {
        throw new IllegalArgumentException("signer " + sorted.get(i).signer() + " appears twice");
      }
    }
    return new SignedEnvelope(version, type, canonicalBody, List.copyOf(sorted), bodyTree);
  }

  /** Signs a record with one key. */
  public static <T> SignedEnvelope sign(RecordType<T> type, T record, Ed25519KeyPair signer) {
    requireNonNull(type, "type is null");
    requireNonNull(record, "record is null");
    requireNonNull(signer, "signer is null");
    byte[] body = CanonicalJson.encode(type.encode(record));
    RecordSignature signature =
        new RecordSignature(signer.publicKey(), signer.sign(signingInput(type.name(), body)));
    return new SignedEnvelope(VERSION, type.name(), body, List.of(signature), null);
  }

  /**
   * The same body with one more signature, by a second party over exactly the same signing input.
   * The co-signer vouches for the body as it is; callers that need the co-signer to check the
   * existing signatures first should {@link #open} the envelope before co-signing.
   *
   * @throws IllegalArgumentException if the key already signed, or the envelope is not {@link
   *     #VERSION}
   */
  public SignedEnvelope cosign(Ed25519KeyPair signer) {
    requireNonNull(signer, "signer is null");
    if (version != VERSION) {
      throw new IllegalArgumentException("cannot co-sign a version " + version + " envelope");
    }
    List<RecordSignature> more = new ArrayList<>(signatures);
    more.add(new RecordSignature(signer.publicKey(), signer.sign(signingInput(type, body))));
    return of(version, type, body, more);
  }

  /**
   * The bytes every signature covers: ASCII {@code "xenia-v1:"}, the type name, ASCII {@code ":"},
   * then the canonical body bytes.
   */
  public static byte[] signingInput(String type, byte[] body) {
    RecordType.requireValidName(type);
    requireNonNull(body, "body is null");
    byte[] prefix = ("xenia-v" + VERSION + ":" + type + ":").getBytes(US_ASCII);
    byte[] input = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, input, prefix.length, body.length);
    return input;
  }

  /**
   * Verifies the envelope as a record of the expected type and decodes it.
   *
   * <p>Checks, in order: the version is {@link #VERSION}; the type label is the expected one; there
   * is at least one signature; every signature verifies (one bad signature spoils the envelope,
   * since nobody should forward a tampered record); the body is a valid record. Which keys must
   * have signed is the caller's business: see {@link Signed#requireSignedBy}.
   *
   * @throws VerificationException with the {@link Reason} of the first failed check
   */
  public <T> Signed<T> open(RecordType<T> expected) {
    requireNonNull(expected, "expected is null");
    if (version != VERSION) {
      throw new VerificationException(
          Reason.UNSUPPORTED_VERSION, "envelope version " + version + ", supported " + VERSION);
    }
    if (!type.equals(expected.name())) {
      throw new VerificationException(
          Reason.WRONG_TYPE, "expected a '" + expected.name() + "' but got a '" + type + "'");
    }
    if (signatures.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, "the '" + type + "' is not signed");
    }
    byte[] input = signingInput(type, body);
    for (RecordSignature signature : signatures) {
      if (!signature.verifies(input)) {
        throw new VerificationException(
            Reason.BAD_SIGNATURE,
            "signature by "
                + signature.signer().toHex()
                + " does not verify for this '"
                + type
                + "'");
      }
    }
    T record;
    try {
      // Every constructor leaves the body canonical, so a plain parse suffices (the canonical
      // check would encode the whole body once more, per record received).
      record = expected.decode(bodyTree != null ? bodyTree : CanonicalJson.parse(body));
    } catch (UnsupportedVersionException e) {
      throw new VerificationException(Reason.UNSUPPORTED_VERSION, e.getMessage(), e);
    } catch (RecordFormatException e) {
      throw new VerificationException(Reason.MALFORMED_RECORD, e.getMessage(), e);
    }
    return new Signed<>(record, this);
  }

  /** The signature scheme version. */
  public int version() {
    return version;
  }

  /** The record type name the signers claim. */
  public String type() {
    return type;
  }

  /** A copy of the canonical body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** The body as a value tree. */
  public CanonicalValue bodyValue() {
    return bodyTree != null ? bodyTree : CanonicalJson.parseCanonical(body);
  }

  /** The signatures, sorted by signer key (unverified until {@link #open}). */
  public List<RecordSignature> signatures() {
    return signatures;
  }

  /** The envelope as a canonical value; see {@link EnvelopeCodec} for the layout. */
  public CanonicalValue toCanonical() {
    return EnvelopeCodec.toCanonical(this);
  }

  /**
   * Reads an envelope from its canonical value (not yet verified).
   *
   * @throws RecordFormatException if the layout is wrong
   */
  public static SignedEnvelope fromCanonical(CanonicalValue value) {
    return EnvelopeCodec.fromCanonical(value);
  }

  /** The envelope as canonical JSON bytes, ready to send. */
  public byte[] toJson() {
    return CanonicalJson.encode(toCanonical());
  }

  /**
   * Reads an envelope from JSON in any layout (not yet verified). The body's signing input is
   * recomputed canonically, so JSON tools may reformat envelopes in transit.
   *
   * @throws io.xenia.protocol.encoding.CanonicalJsonException if the JSON is invalid
   * @throws RecordFormatException if the layout is wrong
   */
  public static SignedEnvelope fromJson(byte[] json) {
    return fromCanonical(CanonicalJson.parse(json));
  }

  /** Envelopes are equal when version, type, body and signatures are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SignedEnvelope other
        && version == other.version
        && type.equals(other.type)
        && Arrays.equals(body, other.body)
        && signatures.equals(other.signatures);
  }

  @Override
  public int hashCode() {
    return ((version * 31 + type.hashCode()) * 31 + Arrays.hashCode(body)) * 31
        + signatures.hashCode();
  }

  /** The canonical JSON of the envelope. */
  @Override
  public String toString() {
    return CanonicalJson.encodeToString(toCanonical());
  }
}
