package io.xenia.protocol.records;

import static io.xenia.protocol.records.Trees.with;
import static io.xenia.protocol.records.Trees.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.encoding.CanonicalArray;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.RecordFormatException;
import io.xenia.protocol.encoding.UnsupportedVersionException;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RecordValidationTest {
  private static final CanonicalValue AD = Fixtures.advertisement().toCanonical();
  private static final CanonicalValue AGREEMENT = Fixtures.agreement().toCanonical();
  private static final CanonicalValue USAGE = Fixtures.usage().toCanonical();

  @Test
  void advertisementFieldErrorsNameThePath() {
    Function<CanonicalValue, ?> decode = Advertisement::fromCanonical;
    expect(decode, without(AD, "hostId"), "advertisement.hostId: is missing");
    expect(decode, with(AD, "hostId", s("ABC")), "advertisement.hostId: hostId \"ABC\" must be 64");
    expect(decode, with(AD, "extra", s("x")), "advertisement: unknown field(s) [extra]");
    expect(
        decode,
        with(AD, "total.cpuCores", s("64")),
        "advertisement.total.cpuCores: expected an integer");
    expect(
        decode, with(AD, "total.cpuCores", n(-1)), "advertisement.total.cpuCores: -1 is outside");
    expect(
        decode,
        with(AD, "total.gpuModel", s("a\u0007")),
        "advertisement.total.gpuModel: gpuModel contains control");
    expect(
        decode,
        with(AD, "available.cpuCores", n(65)),
        "advertisement: available Resources[cpuCores=65");
    expect(
        decode,
        with(AD, "location.region", s("EU West")),
        "advertisement.location.region: region \"EU West\"");
    expect(
        decode,
        with(AD, "location.geohash", s("u0yja")),
        "advertisement.location.geohash: geohash \"u0yja\"");
    expect(
        decode,
        with(AD, "capabilities.images", CanonicalArray.of(s("b"), s("a"))),
        "advertisement.capabilities.images: must be sorted");
    expect(
        decode,
        with(AD, "capabilities.bootMethods", CanonicalArray.of()),
        "advertisement: capabilities.bootMethods must not be empty");
    expect(
        decode,
        with(AD, "capabilities.teeKinds", CanonicalArray.of(s("has space"))),
        "advertisement.capabilities.teeKinds[0]: TEE kind \"has space\"");
    expect(
        decode,
        with(AD, "prices.currency", s("eur")),
        "advertisement.prices.currency: \"eur\" is not an ISO 4217");
    expect(
        decode,
        with(AD, "prices.currency", s("XYZ")),
        "advertisement.prices.currency: unknown ISO 4217");
    expect(
        decode,
        with(AD, "prices.perHour", s("40")),
        "advertisement.prices.perHour: amount \"40\" is not in canonical form \"40.00\"");
    expect(
        decode,
        with(AD, "prices.perHour", s("40.0000001")),
        "advertisement.prices.perHour: amount \"40.0000001\" has more than 6");
    expect(
        decode,
        with(AD, "prices.perHour", s("-1.00")),
        "advertisement.prices: perHour must not be negative");
    expect(
        decode,
        with(AD, "prices.perUnit.egress-gib", n(5)),
        "advertisement.prices.perUnit.egress-gib: expected a string");
    expect(
        decode,
        with(AD, "prices.perUnit.Egress", s("1.00")),
        "advertisement.prices.perUnit.Egress: unit \"Egress\"");
    expect(decode, without(AD, "prices.perUnit"), "advertisement.prices.perUnit: is missing");
    expect(
        decode,
        with(AD, "issuedAt", s("2026-11-22T03:50:00Z")),
        "advertisement.issuedAt: \"2026-11-22T03:50:00Z\" is not a UTC instant");
    expect(
        decode, with(AD, "ttlSeconds", n(0)), "advertisement.ttlSeconds: 0 is outside 1..2592000");
    expect(
        decode,
        with(AD, "sequence", n(-1)),
        "advertisement.sequence: -1 is outside 0..9007199254740991");
  }

  @Test
  void versionsOtherThanOneAreUnsupported() {
    UnsupportedVersionException e =
        assertThrows(
            UnsupportedVersionException.class,
            () -> Advertisement.fromCanonical(with(AD, "version", n(2))));
    assertEquals(2, e.version());
    assertEquals("advertisement.version", e.path());
    assertThrows(
        UnsupportedVersionException.class,
        () -> Agreement.fromCanonical(with(AGREEMENT, "version", n(0))));
    assertThrows(
        UnsupportedVersionException.class,
        () -> UsageRecord.fromCanonical(with(USAGE, "version", n(7))));
    expect(
        Advertisement::fromCanonical, without(AD, "version"), "advertisement.version: is missing");
    assertThrows(IllegalArgumentException.class, () -> with1(2));
  }

  @Test
  void agreementFieldErrors() {
    Function<CanonicalValue, ?> decode = Agreement::fromCanonical;
    expect(
        decode,
        with(AGREEMENT, "customerPublicKey", s("AAAA")),
        "agreement.customerPublicKey: an Ed25519 public key has 32 bytes");
    expect(
        decode,
        with(AGREEMENT, "end.kind", s("forever")),
        "agreement.end.kind: must be \"fixed\" or \"open\"");
    expect(
        decode,
        with(AGREEMENT, "end.notAfter", s("2026-11-22T04:00:00.000Z")),
        "agreement: notAfter 2026-11-22T04:00:00Z must be after notBefore");
    expect(
        decode,
        with(
            AGREEMENT,
            "end",
            new io.xenia.protocol.encoding.CanonicalObject(
                new TreeMap<>(java.util.Map.of("kind", s("open"), "notAfter", s("x"))))),
        "agreement.end: unknown field(s) [notAfter]");
    expect(
        decode,
        with(AGREEMENT, "purchaseOrderId", s("")),
        "agreement.purchaseOrderId: purchaseOrderId \"\" must be");
    expect(
        decode,
        with(AGREEMENT, "agreementId", s("a b")),
        "agreement.agreementId: agreementId \"a b\" must be");
    expect(
        decode,
        with(AGREEMENT, "termsVersion", s("\u00e9")),
        "agreement.termsVersion: termsVersion");
  }

  @Test
  void usageFieldErrors() {
    Function<CanonicalValue, ?> decode = UsageRecord::fromCanonical;
    expect(
        decode, with(USAGE, "sequence", n(0)), "usage.sequence: 0 is outside 1..9007199254740991");
    expect(
        decode,
        with(USAGE, "intervalEnd", s("2026-11-22T04:00:00.000Z")),
        "usage: intervalEnd 2026-11-22T04:00:00Z must be after intervalStart");
    expect(
        decode,
        with(USAGE, "issuedAt", s("2026-11-22T04:59:59.999Z")),
        "usage: issuedAt 2026-11-22T04:59:59.999Z is before the end");
    expect(
        decode,
        with(USAGE, "quantities.cpuSeconds", n(-5)),
        "usage.quantities.cpuSeconds: -5 is outside 0..9007199254740991");
    expect(
        decode,
        with(USAGE, "quantities.gpuSeconds", n(5)),
        "usage.quantities: unknown field(s) [gpuSeconds]");
  }

  @Test
  void constructorsRefuseInvalidValues() {
    Currency eur = Currency.getInstance("EUR");
    assertThrows(
        IllegalArgumentException.class,
        () -> new PriceList(eur, Money.parse("USD", "1"), new TreeMap<>()));
    TreeMap<String, Money> mixed = new TreeMap<>();
    mixed.put("egress-gib", Money.parse("USD", "1"));
    assertThrows(
        IllegalArgumentException.class, () -> new PriceList(eur, Money.parse("EUR", "1"), mixed));
    assertThrows(IllegalArgumentException.class, () -> new Resources(1, 1L << 53, 0, 0, 0, ""));
    assertThrows(
        IllegalArgumentException.class, () -> new Resources(1, 1, 0, 0, 0, "x".repeat(129)));
    assertThrows(NullPointerException.class, () -> new Location("eu", null));
    assertThrows(IllegalArgumentException.class, () -> new Location("eu", Optional.of("")));
    assertThrows(
        IllegalArgumentException.class, () -> new Capabilities(Set.of(""), Set.of(), Set.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LeaseEnd.Fixed(Instant.parse("+10000-01-01T00:00:00Z")));
    assertThrows(IllegalArgumentException.class, () -> new UsageQuantities(0, 0, 0, 0, -1));
  }

  private static Advertisement with1(int version) {
    Advertisement a = Fixtures.advertisement();
    return new Advertisement(
        version,
        a.hostId(),
        a.ownerAccountId(),
        a.machineId(),
        a.location(),
        a.total(),
        a.available(),
        a.capabilities(),
        a.prices(),
        a.sequence(),
        a.issuedAt(),
        a.ttlSeconds());
  }

  private static void expect(
      Function<CanonicalValue, ?> decode, CanonicalValue value, String prefix) {
    RecordFormatException e = assertThrows(RecordFormatException.class, () -> decode.apply(value));
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
  }

  private static CanonicalValue s(String value) {
    return CanonicalValue.of(value);
  }

  private static CanonicalValue n(long value) {
    return CanonicalValue.of(value);
  }
}
