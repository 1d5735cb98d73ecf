package io.xenia.broker.sessions;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Candidates for the pure placement tests. */
final class Machines {
  static final Ed25519KeyPair HOST_KEY = Ed25519KeyPair.generate(new SecureRandom());

  private Machines() {}

  static Candidate machine(
      String id, String owner, String region, int cpus, long memMiB, String eurPerHour) {
    Resources total = new Resources(cpus, memMiB, 10, 1000, 0, "");
    Money price = Money.parse("EUR", eurPerHour);
    var ad =
        new Advertisement(
            1,
            HOST_KEY.publicKey().fingerprint(),
            owner,
            id,
            new Location(region, Optional.empty()),
            total,
            total,
            new Capabilities(Set.of("image"), Set.of(), Set.of()),
            PriceList.hourly(price),
            1,
            Instant.parse("2026-11-30T10:00:00Z"),
            300);
    return new Candidate(UUID.nameUUIDFromBytes(owner.getBytes()), ad, price);
  }
}
