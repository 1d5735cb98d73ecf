package io.xenia.broker.sessions;

import static io.xenia.broker.sessions.Machines.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.vivaldi.Coordinate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The RTT bound between group members (maxRttMillis): pure, no IO. */
class RttPlacementTest {
  /** {@code c} with its host at {@code x} ms along one axis (estimates are distances). */
  private static Candidate at(Candidate c, double x) {
    return new Candidate(
        c.hostId(),
        c.advertisement(),
        c.pricePerHour(),
        Optional.of(new Coordinate(new double[] {x, 0, 0, 0}, 0, 0.5)));
  }

  private static GroupConstraints within(long ms, boolean distinctOwners, boolean sameRegion) {
    return new GroupConstraints(distinctOwners, sameRegion, OptionalLong.of(ms));
  }

  private static List<Candidate> claimAll(Placement p) {
    while (!p.isComplete()) {
      p.admitted(p.next().orElseThrow());
    }
    return p.chosen();
  }

  private static void assertPairwiseWithin(List<Candidate> group, long ms) {
    for (Candidate a : group) {
      for (Candidate b : group) {
        assertTrue(RttBound.estimate(a, b) <= ms, a.machineKey() + " to " + b.machineKey());
      }
    }
  }

  @Test
  void theGroupComesFromTheClusterTightEnoughEvenIfBetterFitsLieElsewhere() {
    // The best fits overall: a lone small machine and a two-owner cluster far away.
    var lone = at(machine("lone", "s", "eu-west", 1, 1024, "0.10"), 50);
    var b1 = at(machine("b1", "b1", "eu-west", 2, 2048, "0.20"), 100);
    var b2 = at(machine("b2", "b2", "eu-west", 2, 2048, "0.20"), 101);
    // A three-owner cluster of bigger machines.
    var a1 = at(machine("a1", "a1", "eu-west", 8, 8192, "0.80"), 0);
    var a2 = at(machine("a2", "a2", "eu-west", 8, 8192, "0.80"), 3);
    var a3 = at(machine("a3", "a3", "eu-west", 16, 8192, "0.90"), 6);
    Placement p = Placement.plan(List.of(lone, b1, b2, a1, a2, a3), 3, within(10, true, false));
    List<Candidate> group = claimAll(p);
    assertEquals(Set.of(a1, a2, a3), Set.copyOf(group));
    assertPairwiseWithin(group, 10);
    // Without the bound, best fit takes the small ones.
    Placement unbounded =
        Placement.plan(List.of(lone, b1, b2, a1, a2, a3), 3, new GroupConstraints(true, false));
    assertEquals(List.of(lone, b1, b2), claimAll(unbounded));
  }

  @Test
  void anInfeasibleBoundIsRefusedUpFrontWithTheReason() {
    var x = at(machine("x", "ox", "eu-west", 2, 2048, "0.20"), 0);
    var y = at(machine("y", "oy", "eu-west", 2, 2048, "0.20"), 50);
    var z = at(machine("z", "oz", "eu-west", 2, 2048, "0.20"), 100);
    var e =
        assertThrows(
            NoPlacementException.class,
            () -> Placement.plan(List.of(x, y, z), 3, within(60, false, false)));
    assertTrue(
        e.getMessage().contains("no 3 of 3 matching machine(s) pairwise within 60 ms RTT"),
        e.getMessage());
    // 100 ms covers the widest pair.
    assertEquals(
        3, claimAll(Placement.plan(List.of(x, y, z), 3, within(100, false, false))).size());
    // Too few machines at all keeps the counting reason.
    var few =
        assertThrows(
            NoPlacementException.class,
            () -> Placement.plan(List.of(x), 2, within(100, false, false)));
    assertTrue(few.getMessage().contains("cannot hold 2"), few.getMessage());
  }

  @Test
  void afterARefusalOnlyMachinesWithinTheBoundOfTheChosenFollow() {
    var a1 = at(machine("a1", "a1", "eu-west", 2, 2048, "0.20"), 0);
    var a2 = at(machine("a2", "a2", "eu-west", 2, 2048, "0.20"), 4);
    var a3 = at(machine("a3", "a3", "eu-west", 4, 4096, "0.30"), 8);
    var far = at(machine("far", "f", "eu-west", 2, 2048, "0.10"), 40);
    var farFriend = at(machine("far2", "f2", "eu-west", 2, 2048, "0.10"), 41);
    Placement p = Placement.plan(List.of(a1, a2, a3, far, farFriend), 2, within(10, true, false));
    Candidate first = p.next().orElseThrow();
    p.admitted(first);
    Candidate second = p.next().orElseThrow();
    p.refused(second);
    List<Candidate> proposed = new ArrayList<>();
    for (Optional<Candidate> c = p.next(); c.isPresent(); c = p.next()) {
      proposed.add(c.get());
      p.refused(c.get());
    }
    for (Candidate c : proposed) {
      assertTrue(RttBound.estimate(c, first) <= 10, c.machineKey() + " is too far from the chosen");
    }
    assertTrue(proposed.stream().noneMatch(c -> c == far || c == farFriend), proposed::toString);
  }

  @Test
  void machinesOfOneHostAreZeroApartAndUnknownCoordinatesAreNeverNear() {
    // Machines.machine gives one host per owner; no coordinates at all.
    var m1 = machine("m1", "same", "eu-west", 2, 2048, "0.20");
    var m2 = machine("m2", "same", "eu-west", 2, 2048, "0.20");
    var other = machine("o", "other", "eu-west", 2, 2048, "0.10");
    assertEquals(
        Set.of(m1, m2),
        Set.copyOf(claimAll(Placement.plan(List.of(m1, m2, other), 2, within(1, false, false)))));
    assertThrows(
        NoPlacementException.class,
        () -> Placement.plan(List.of(m1, m2, other), 2, within(1000, true, false)));
  }

  @Test
  void sameRegionPicksARegionWhereTheBoundHolds() {
    var us1 = at(machine("us1", "u1", "us-east", 2, 2048, "0.10"), 0);
    var us2 = at(machine("us2", "u2", "us-east", 2, 2048, "0.10"), 80);
    var eu1 = at(machine("eu1", "e1", "eu-west", 4, 4096, "0.40"), 200);
    var eu2 = at(machine("eu2", "e2", "eu-west", 4, 4096, "0.40"), 205);
    Placement p = Placement.plan(List.of(us1, us2, eu1, eu2), 2, within(20, true, true));
    assertEquals(Optional.of("eu-west"), p.region());
    assertEquals(
        Set.of("eu1", "eu2"),
        claimAll(p).stream().map(Candidate::machineId).collect(Collectors.toSet()));
    var none =
        assertThrows(
            NoPlacementException.class,
            () -> Placement.plan(List.of(us1, us2, eu1), 2, within(20, true, true)));
    assertTrue(none.getMessage().contains("pairwise within 20 ms RTT"), none.getMessage());
  }

  @Test
  void aThousandCandidatesWithABoundPlanQuickly() {
    List<Candidate> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(
          at(machine("m" + i, "o" + (i % 200), "eu-west", 2 + i % 8, 4096, "0.50"), (i % 50) * 7));
    }
    long t0 = System.nanoTime();
    for (int round = 0; round < 20; round++) {
      assertPairwiseWithin(claimAll(Placement.plan(many, 4, within(15, true, false))), 15);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println(
        "RttPlacementTest: 20 plans of 4 within 15 ms over 1,000 candidates: " + ms + " ms");
    assertTrue(ms < 10_000, ms + " ms");
  }
}
