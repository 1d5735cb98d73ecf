package io.xenia.bench.placement;

import io.xenia.broker.sessions.Candidate;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The offers of {@code hosts} hosts, one machine each, as placement receives them ({@link
 * Candidate}: the broker's host id, the host's advertisement, its hourly price), with the
 * attributes the query language evaluates precomputed (as the search index stores them). Seeded:
 * every run builds the same catalogue.
 */
final class Catalogue {
  private static final java.util.Currency EUR = java.util.Currency.getInstance("EUR");
  static final String[] REGIONS = {
    "eu-west", "eu-central", "eu-north", "us-east", "us-west", "ap-south", "ap-east", "sa-east"
  };
  private static final int[] CORES = {1, 2, 2, 4, 4, 4, 8, 8, 16, 32, 64};

  final List<Candidate> machines = new ArrayList<>();
  final List<Map<String, Object>> attributes = new ArrayList<>();
  private final Map<Candidate, Integer> index = new IdentityHashMap<>();

  Catalogue(int hosts, int owners, long seed) {
    Random random = new Random(seed);
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    for (int i = 0; i < hosts; i++) {
      int cores = CORES[random.nextInt(CORES.length)];
      long mem = 1024L * cores * (1 + random.nextInt(8));
      String region = REGIONS[random.nextInt(REGIONS.length)];
      String owner = "operator-" + random.nextInt(owners);
      Money price = Money.ofMicros(EUR, cores * 20_000L + random.nextInt(200_000));
      Resources total = new Resources(cores, mem, 100, 1000, 0, "");
      UUID hostId = new UUID(seed, i);
      Advertisement ad =
          new Advertisement(
              1,
              String.format("%064x", i),
              owner,
              "m0",
              new Location(region, Optional.empty()),
              total,
              total,
              new Capabilities(Set.of("image"), Set.of(), Set.of()),
              PriceList.hourly(price),
              1,
              now,
              300);
      Candidate c = new Candidate(hostId, ad, price);
      Map<String, Object> a = new HashMap<>();
      a.put("cpu", cores);
      a.put("mem", mem);
      a.put("disk", 100L);
      a.put("net", 1000L);
      a.put("price", BigDecimal.valueOf(price.micros(), 6));
      a.put("region", region);
      index.put(c, machines.size());
      machines.add(c);
      attributes.add(a);
    }
  }

  int size() {
    return machines.size();
  }

  /** The catalogue position of a candidate this catalogue made. */
  int indexOf(Candidate c) {
    Integer i = index.get(c);
    if (i == null) {
      throw new IllegalStateException("not from this catalogue: " + c.machineKey());
    }
    return i;
  }
}
