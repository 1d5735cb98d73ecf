package io.xenia.protocol.records;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.signing.RecordType;
import io.xenia.protocol.signing.Signed;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Instant;

/**
 * A host's signed offer of one machine for lease, published to the search network. A newer
 * advertisement (higher {@code sequence}) for the same host and machine replaces older ones; an
 * advertisement is void after {@code issuedAt + ttlSeconds}.
 *
 * <p>Wire type name {@code "advertisement"}; signed by the host key whose fingerprint is {@code
 * hostId} (checked by {@link #open}).
 *
 * @param version record version, must be {@link #VERSION}
 * @param hostId fingerprint of the host's Ed25519 key ({@code Ed25519PublicKey.fingerprint()})
 * @param ownerAccountId the marketplace account that owns the machine and is paid
 * @param machineId the host's identifier of the machine, unique per host
 * @param location where the machine is
 * @param total the machine's full resources; at least one CPU core and 1 MiB of memory
 * @param available the resources currently free for lease; each at most the total
 * @param capabilities boot methods (at least one), images and TEE kinds
 * @param prices the asking price
 * @param sequence per (hostId, machineId) counter, strictly increasing across re-advertisements
 * @param issuedAt when the host issued it (millisecond precision; finer input is truncated)
 * @param ttlSeconds how long it stays valid after {@code issuedAt}: 1 second to 30 days
 */
public record Advertisement(
    int version,
    String hostId,
    String ownerAccountId,
    String machineId,
    Location location,
    Resources total,
    Resources available,
    Capabilities capabilities,
    PriceList prices,
    long sequence,
    Instant issuedAt,
    long ttlSeconds) {

  /** The record version this code writes and reads. */
  public static final int VERSION = 1;

  /** The longest allowed {@code ttlSeconds}: 30 days. */
  public static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

  /** Wire type name and codec, for {@link SignedEnvelope}. */
  public static final RecordType<Advertisement> TYPE =
      new RecordType<>("advertisement", Advertisement::toCanonical, Advertisement::fromCanonical);

  /** Validates every field and the relations between them. */
  public Advertisement {
    RecordChecks.version(version, VERSION, "advertisement");
    RecordChecks.fingerprint(hostId, "hostId");
    RecordChecks.id(ownerAccountId, "ownerAccountId");
    RecordChecks.id(machineId, "machineId");
    requireNonNull(location, "location is null");
    requireNonNull(total, "total is null");
    requireNonNull(available, "available is null");
    requireNonNull(capabilities, "capabilities is null");
    requireNonNull(prices, "prices is null");
    RecordChecks.quantity(sequence, "sequence");
    issuedAt = RecordChecks.instant(issuedAt, "issuedAt");
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(
          "ttlSeconds must be in 1.." + MAX_TTL_SECONDS + ", not " + ttlSeconds);
    }
    if (total.cpuCores() < 1 || total.memoryMiB() < 1) {
      throw new IllegalArgumentException("total must have at least one CPU core and 1 MiB memory");
    }
    if (!available.fitsWithin(total)) {
      throw new IllegalArgumentException("available " + available + " exceeds total " + total);
    }
    if (capabilities.bootMethods().isEmpty()) {
      throw new IllegalArgumentException("capabilities.bootMethods must not be empty");
    }
  }

  /** The first instant at which the advertisement is no longer valid. */
  public Instant expiresAt() {
    return issuedAt.plusSeconds(ttlSeconds);
  }

  /** True if valid at the given instant: {@code issuedAt <= now < expiresAt}. */
  public boolean isValidAt(Instant now) {
    return !now.isBefore(issuedAt) && now.isBefore(expiresAt());
  }

  /** The canonical object; members are named as the components. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .put("version", version)
        .put("hostId", hostId)
        .put("ownerAccountId", ownerAccountId)
        .put("machineId", machineId)
        .put("location", location.toCanonical())
        .put("total", total.toCanonical())
        .put("available", available.toCanonical())
        .put("capabilities", capabilities.toCanonical())
        .put("prices", prices.toCanonical())
        .put("sequence", sequence)
        .put("issuedAt", issuedAt)
        .put("ttlSeconds", ttlSeconds)
        .build();
  }

  /**
   * Decodes and validates.
   *
   * @throws io.xenia.protocol.encoding.RecordFormatException naming the first bad field
   */
  public static Advertisement fromCanonical(CanonicalValue value) {
    FieldReader r = FieldReader.of(value, "advertisement");
    int version = r.version(VERSION);
    String hostId = r.string("hostId", v -> RecordChecks.fingerprint(v, "hostId"));
    String owner = r.string("ownerAccountId", v -> RecordChecks.id(v, "ownerAccountId"));
    String machine = r.string("machineId", v -> RecordChecks.id(v, "machineId"));
    Location location = Location.read(r.object("location"));
    Resources total = Resources.read(r.object("total"));
    Resources available = Resources.read(r.object("available"));
    Capabilities capabilities = Capabilities.read(r.object("capabilities"));
    PriceList prices = PriceList.read(r.object("prices"));
    long sequence = r.integer("sequence", 0, RecordChecks.MAX);
    Instant issuedAt = r.instant("issuedAt");
    long ttl = r.integer("ttlSeconds", 1, MAX_TTL_SECONDS);
    return r.build(
        () ->
            new Advertisement(
                version,
                hostId,
                owner,
                machine,
                location,
                total,
                available,
                capabilities,
                prices,
                sequence,
                issuedAt,
                ttl));
  }

  /**
   * Verifies a signed advertisement, including that the host it names signed it.
   *
   * @throws io.xenia.protocol.signing.VerificationException if it must not be trusted
   */
  public static Signed<Advertisement> open(SignedEnvelope envelope) {
    requireNonNull(envelope, "envelope is null");
    Signed<Advertisement> signed = envelope.open(TYPE);
    signed.requireSignerWithFingerprint(signed.record().hostId());
    return signed;
  }
}
