package io.xenia.protocol.records;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Fixed keys and sample records, shared by the record tests and the test vectors. */
public final class Fixtures {
  public static final Ed25519KeyPair HOST =
      key("0101010101010101010101010101010101010101010101010101010101010101");
  public static final Ed25519KeyPair BROKER =
      key("0202020202020202020202020202020202020202020202020202020202020202");
  public static final Ed25519KeyPair CUSTOMER =
      key("0303030303030303030303030303030303030303030303030303030303030303");

  public static final Resources TOTAL =
      new Resources(64, 524_288, 7_680, 25_000, 8, "NVIDIA H100 80GB HBM3");
  public static final Resources AVAILABLE = TOTAL;

  public static PriceList prices() {
    TreeMap<String, Money> perUnit = new TreeMap<>();
    perUnit.put("egress-gib", Money.parse("EUR", "0.05"));
    perUnit.put("ipv4-hour", Money.parse("EUR", "0.000222"));
    return new PriceList(java.util.Currency.getInstance("EUR"), Money.parse("EUR", "40"), perUnit);
  }

  public static Advertisement advertisement() {
    return new Advertisement(
        1,
        HOST.publicKey().fingerprint(),
        "acct-owner-17",
        "m-rack3-u12",
        new Location("eu-west-1", Optional.of("u0yjjd6")),
        TOTAL,
        AVAILABLE,
        new Capabilities(
            Set.of("pxe", "uefi-http"), Set.of("ubuntu-24.04", "debian-12"), Set.of("sev-snp")),
        prices(),
        42,
        Instant.parse("2026-11-22T03:50:00Z"),
        3600);
  }

  public static Agreement agreement() {
    return new Agreement(
        1,
        "agr-0001",
        "sess-0001",
        HOST.publicKey().fingerprint(),
        "m-rack3-u12",
        "acct-customer-99",
        CUSTOMER.publicKey(),
        "po-2026-11-0001",
        TOTAL,
        prices(),
        Instant.parse("2026-11-22T04:00:00Z"),
        new LeaseEnd.Fixed(Instant.parse("2026-11-29T04:00:00Z")),
        "2026-11-01");
  }

  public static UsageRecord usage() {
    return new UsageRecord(
        1,
        "sess-0001",
        "agr-0001",
        HOST.publicKey().fingerprint(),
        1,
        Instant.parse("2026-11-22T04:00:00Z"),
        Instant.parse("2026-11-22T05:00:00Z"),
        new UsageQuantities(230_400, 1_887_436_800, 53_687_091_200L, 1_073_741_824, 3600),
        Instant.parse("2026-11-22T05:00:01.250Z"));
  }

  private static Ed25519KeyPair key(String hex) {
    return Ed25519KeyPair.fromSeed(HexFormat.of().parseHex(hex));
  }

  private Fixtures() {}
}
