package io.xenia.dht.index;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** Random advertisements with values clustered so that queries hit bounds and buckets' edges. */
final class Ads {
  static final Currency EUR = Currency.getInstance("EUR");
  static final List<String> REGIONS =
      List.of("eu-west-1", "eu-central-1", "us-east-1", "ap-south-1");
  static final List<String> GPUS = List.of("", "A100", "H100", "L4");
  static final List<String> TEES = List.of("sev-snp", "tdx");
  static final int[] CPUS = {0, 1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128};
  static final long[] MEM_GIB = {1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 256, 512};

  private Ads() {}

  static Advertisement random(
      Random r, Ed25519KeyPair host, String machineId, long sequence, Instant now, long ttl) {
    int cpu = CPUS[r.nextInt(CPUS.length)];
    long mem = MEM_GIB[r.nextInt(MEM_GIB.length)] * 1024 + (r.nextInt(4) == 0 ? 512 : 0);
    int gpus = r.nextInt(3) == 0 ? 1 + r.nextInt(8) : 0;
    String gpuModel = gpus == 0 ? "" : GPUS.get(1 + r.nextInt(GPUS.size() - 1));
    Resources total = new Resources(Math.max(cpu, 1), mem, 1000, 10_000, gpus, gpuModel);
    Resources available = new Resources(cpu, mem, 500 + r.nextInt(500), 10_000, gpus, gpuModel);
    // Prices on a 5-cent grid around bucket bounds, some with odd micros.
    long micros = 50_000L * (1 + r.nextInt(60)) + (r.nextInt(5) == 0 ? r.nextInt(1000) : 0);
    Set<String> tee = r.nextBoolean() ? Set.of() : Set.of(TEES.get(r.nextInt(TEES.size())));
    return new Advertisement(
        1,
        host.publicKey().fingerprint(),
        "acct-" + r.nextInt(20),
        machineId,
        new Location(REGIONS.get(r.nextInt(REGIONS.size())), Optional.empty()),
        total,
        available,
        new Capabilities(Set.of("pxe"), Set.of("ubuntu-24.04"), tee),
        PriceList.hourly(Money.ofMicros(EUR, micros)),
        sequence,
        now,
        ttl);
  }

  /** The same ad with a new sequence and other values (it may move to other buckets). */
  static Advertisement changed(
      Random r, Ed25519KeyPair host, Advertisement old, Instant now, long ttl) {
    return random(r, host, old.machineId(), old.sequence() + 1 + r.nextInt(3), now, ttl);
  }
}
