package io.xenia.protocol.records;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecordRoundTripTest {

  @Test
  void advertisementRoundTrips() {
    Advertisement ad = Fixtures.advertisement();
    assertEquals(ad, Advertisement.fromCanonical(reparse(ad.toCanonical())));
    Advertisement minimal =
        new Advertisement(
            1,
            ad.hostId(),
            "o",
            "m",
            Location.region("us-east-2"),
            new Resources(1, 1, 0, 0, 0, ""),
            new Resources(0, 0, 0, 0, 0, ""),
            new Capabilities(Set.of("pxe"), Set.of(), Set.of()),
            PriceList.hourly(Money.parse("JPY", "500")),
            0,
            Instant.parse("2026-11-22T03:50:00.123Z"),
            1);
    assertEquals(minimal, Advertisement.fromCanonical(reparse(minimal.toCanonical())));
  }

  @Test
  void agreementRoundTripsWithBothKindsOfEnd() {
    Agreement agreement = Fixtures.agreement();
    assertEquals(agreement, Agreement.fromCanonical(reparse(agreement.toCanonical())));
    Agreement open =
        new Agreement(
            1,
            "a",
            "s",
            agreement.hostId(),
            "m",
            "c",
            agreement.customerPublicKey(),
            "p",
            agreement.resources(),
            agreement.prices(),
            agreement.notBefore(),
            new LeaseEnd.OpenEnded(),
            "t");
    assertEquals(open, Agreement.fromCanonical(reparse(open.toCanonical())));
  }

  @Test
  void usageRecordRoundTrips() {
    UsageRecord usage = Fixtures.usage();
    assertEquals(usage, UsageRecord.fromCanonical(reparse(usage.toCanonical())));
  }

  @Test
  void advertisementWireFormIsAsDocumented() {
    assertEquals(
        "{\"available\":{\"cpuCores\":64,\"diskGiB\":7680,\"gpuCount\":8,"
            + "\"gpuModel\":\"NVIDIA H100 80GB HBM3\",\"memoryMiB\":524288,\"networkMbps\":25000},"
            + "\"capabilities\":{\"bootMethods\":[\"pxe\",\"uefi-http\"],"
            + "\"images\":[\"debian-12\",\"ubuntu-24.04\"],\"teeKinds\":[\"sev-snp\"]},"
            + "\"hostId\":\""
            + Fixtures.HOST.publicKey().fingerprint()
            + "\","
            + "\"issuedAt\":\"2026-11-22T03:50:00.000Z\","
            + "\"location\":{\"geohash\":\"u0yjjd6\",\"region\":\"eu-west-1\"},"
            + "\"machineId\":\"m-rack3-u12\",\"ownerAccountId\":\"acct-owner-17\","
            + "\"prices\":{\"currency\":\"EUR\",\"perHour\":\"40.00\","
            + "\"perUnit\":{\"egress-gib\":\"0.05\",\"ipv4-hour\":\"0.000222\"}},"
            + "\"sequence\":42,"
            + "\"total\":{\"cpuCores\":64,\"diskGiB\":7680,\"gpuCount\":8,"
            + "\"gpuModel\":\"NVIDIA H100 80GB HBM3\",\"memoryMiB\":524288,\"networkMbps\":25000},"
            + "\"ttlSeconds\":3600,\"version\":1}",
        CanonicalJson.encodeToString(Fixtures.advertisement().toCanonical()));
  }

  @Test
  void instantsAreTruncatedToMillisecondsOnConstruction() {
    UsageRecord usage = Fixtures.usage();
    UsageRecord fine =
        new UsageRecord(
            1,
            "s",
            "a",
            usage.hostId(),
            1,
            Instant.parse("2026-11-22T04:00:00.000999Z"),
            Instant.parse("2026-11-22T05:00:00.123456789Z"),
            usage.quantities(),
            Instant.parse("2026-11-22T05:00:00.123999Z"));
    assertEquals(Instant.parse("2026-11-22T05:00:00.123Z"), fine.intervalEnd());
    assertEquals(fine, UsageRecord.fromCanonical(reparse(fine.toCanonical())));
  }

  @Test
  void collectionsAreNormalized() {
    Capabilities a = new Capabilities(Set.of("b", "a"), Set.of(), Set.of());
    assertEquals("[a, b]", a.bootMethods().toString());
    TreeMap<String, Money> units = new TreeMap<>();
    units.put("z", Money.parse("EUR", "1"));
    PriceList list =
        new PriceList(java.util.Currency.getInstance("EUR"), Money.parse("EUR", "1"), units);
    units.clear();
    assertEquals(1, list.perUnit().size());
    assertEquals(Optional.empty(), Location.region("x").geohash());
  }

  private static CanonicalValue reparse(CanonicalValue value) {
    byte[] bytes = CanonicalJson.encode(value);
    assertEquals(new String(bytes, UTF_8), CanonicalJson.encodeToString(value));
    return CanonicalJson.parseCanonical(bytes);
  }
}
