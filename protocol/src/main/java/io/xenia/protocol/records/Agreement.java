package io.xenia.protocol.records;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.signing.RecordType;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Instant;

/**
 * The lease of one machine to one customer, binding once signed by both the host and the broker.
 *
 * <p>Both parties sign the same canonical bytes under the wire type name {@code "agreement"}: one
 * party creates the envelope with {@link SignedEnvelope#sign}, the other verifies it and adds its
 * signature with {@link SignedEnvelope#cosign}. {@link #open} demands both signatures.
 *
 * @param version record version, must be {@link #VERSION}
 * @param agreementId unique identifier of this agreement
 * @param sessionId the lease session it governs; usage records refer to it
 * @param hostId fingerprint of the host's Ed25519 key
 * @param machineId the host's identifier of the leased machine
 * @param customerAccountId the marketplace account that pays
 * @param customerPublicKey the customer's key, e.g. for access to the machine
 * @param purchaseOrderId the broker's purchase order this agreement fulfils
 * @param resources the resources leased (the whole machine: normally its total)
 * @param prices the agreed price, binding for the whole lease
 * @param notBefore start of the lease (millisecond precision; finer input is truncated)
 * @param end end of the lease: fixed (after {@code notBefore}) or open-ended
 * @param termsVersion identifier of the marketplace terms the parties accepted, like {@code
 *     "2026-11-01"}
 */
public record Agreement(
    int version,
    String agreementId,
    String sessionId,
    String hostId,
    String machineId,
    String customerAccountId,
    Ed25519PublicKey customerPublicKey,
    String purchaseOrderId,
    Resources resources,
    PriceList prices,
    Instant notBefore,
    LeaseEnd end,
    String termsVersion) {

  /** The record version this code writes and reads. */
  public static final int VERSION = 1;

  /** Wire type name and codec, for {@link SignedEnvelope}. */
  public static final RecordType<Agreement> TYPE =
      new RecordType<>("agreement", Agreement::toCanonical, Agreement::fromCanonical);

  /** Validates every field and that a fixed end lies after the start. */
  public Agreement {
    RecordChecks.version(version, VERSION, "agreement");
    RecordChecks.id(agreementId, "agreementId");
    RecordChecks.id(sessionId, "sessionId");
    RecordChecks.fingerprint(hostId, "hostId");
    RecordChecks.id(machineId, "machineId");
    RecordChecks.id(customerAccountId, "customerAccountId");
    requireNonNull(customerPublicKey, "customerPublicKey is null");
    RecordChecks.id(purchaseOrderId, "purchaseOrderId");
    requireNonNull(resources, "resources is null");
    requireNonNull(prices, "prices is null");
    notBefore = RecordChecks.instant(notBefore, "notBefore");
    requireNonNull(end, "end is null");
    if (end instanceof LeaseEnd.Fixed fixed && !fixed.notAfter().isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter " + fixed.notAfter() + " must be after notBefore " + notBefore);
    }
    RecordChecks.id(termsVersion, "termsVersion");
  }

  /** The canonical object; members are named as the components. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .put("version", version)
        .put("agreementId", agreementId)
        .put("sessionId", sessionId)
        .put("hostId", hostId)
        .put("machineId", machineId)
        .put("customerAccountId", customerAccountId)
        .put("customerPublicKey", customerPublicKey.toBase64Url())
        .put("purchaseOrderId", purchaseOrderId)
        .put("resources", resources.toCanonical())
        .put("prices", prices.toCanonical())
        .put("notBefore", notBefore)
        .put("end", end.toCanonical())
        .put("termsVersion", termsVersion)
        .build();
  }

  /**
   * Decodes and validates.
   *
   * @throws io.xenia.protocol.encoding.RecordFormatException naming the first bad field
   */
  public static Agreement fromCanonical(CanonicalValue value) {
    FieldReader r = FieldReader.of(value, "agreement");
    int version = r.version(VERSION);
    String agreementId = r.string("agreementId", v -> RecordChecks.id(v, "agreementId"));
    String sessionId = r.string("sessionId", v -> RecordChecks.id(v, "sessionId"));
    String hostId = r.string("hostId", v -> RecordChecks.fingerprint(v, "hostId"));
    String machineId = r.string("machineId", v -> RecordChecks.id(v, "machineId"));
    String customer = r.string("customerAccountId", v -> RecordChecks.id(v, "customerAccountId"));
    Ed25519PublicKey customerKey = r.string("customerPublicKey", Ed25519PublicKey::fromBase64Url);
    String purchaseOrderId =
        r.string("purchaseOrderId", v -> RecordChecks.id(v, "purchaseOrderId"));
    Resources resources = Resources.read(r.object("resources"));
    PriceList prices = PriceList.read(r.object("prices"));
    Instant notBefore = r.instant("notBefore");
    LeaseEnd end = LeaseEnd.read(r.object("end"));
    String terms = r.string("termsVersion", v -> RecordChecks.id(v, "termsVersion"));
    return r.build(
        () ->
            new Agreement(
                version,
                agreementId,
                sessionId,
                hostId,
                machineId,
                customer,
                customerKey,
                purchaseOrderId,
                resources,
                prices,
                notBefore,
                end,
                terms));
  }

  /**
   * Verifies a signed agreement: every signature valid, one by the host named in it and one by the
   * given broker key.
   *
   * @throws io.xenia.protocol.signing.VerificationException if it must not be trusted
   */
  public static Signed<Agreement> open(SignedEnvelope envelope, Ed25519PublicKey broker) {
    requireNonNull(envelope, "envelope is null");
    requireNonNull(broker, "broker is null");
    Signed<Agreement> signed = envelope.open(TYPE);
    signed.requireSignerWithFingerprint(signed.record().hostId());
    signed.requireSignedBy(broker);
    return signed;
  }
}
