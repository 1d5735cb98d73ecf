package io.xenia.bench.dht;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Random but plausible signed advertisements for the index benchmarks. */
final class Offers {
  static final Currency EUR = Currency.getInstance("EUR");
  private static final int[] CPUS = {2, 4, 8, 16, 32, 64, 96, 128};
  private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "ap-south-1"};
  private static final String[] GPUS = {
    "", "", "", "NVIDIA A100", "NVIDIA H100 80GB", "AMD MI300X"
  };

  private Offers() {}

  static SignedEnvelope random(Ed25519KeyPair host, String machine, Random random, Instant now) {
    int cpus = CPUS[random.nextInt(CPUS.length)];
    long memory = cpus * (2048L << random.nextInt(3));
    String gpu = GPUS[random.nextInt(GPUS.length)];
    Resources total =
        new Resources(
            cpus,
            memory,
            50L << random.nextInt(6),
            1000L << random.nextInt(4),
            gpu.isEmpty() ? 0 : 1 + random.nextInt(8),
            gpu);
    Advertisement ad =
        new Advertisement(
            Advertisement.VERSION,
            host.publicKey().fingerprint(),
            "acct-" + random.nextInt(50),
            machine,
            Location.region(REGIONS[random.nextInt(REGIONS.length)]),
            total,
            total,
            new Capabilities(Set.of("pxe"), Set.of("debian-12"), Set.copyOf(tees(random))),
            PriceList.hourly(Money.ofMicros(EUR, 50_000L + random.nextInt(3_000_000))),
            1,
            now.truncatedTo(ChronoUnit.MILLIS),
            3600);
    return SignedEnvelope.sign(Advertisement.TYPE, ad, host);
  }

  private static List<String> tees(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> List.of();
      case 1 -> List.of("sev-snp");
      default -> List.of("tdx");
    };
  }
}
