package io.xenia.broker.sessions;

import static io.xenia.broker.sessions.Machines.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Best fit, refusals, group constraints: pure, no IO. */
class PlacementTest {
  @Test
  void bestFitTakesTheSmallestMatchingMachineThenTheCheapest() {
    var big = machine("big", "o1", "eu-west", 16, 65536, "1.00");
    var small = machine("small", "o1", "eu-west", 2, 4096, "0.50");
    var smallCheaper = machine("small-cheap", "o2", "eu-west", 2, 4096, "0.40");
    var smallMoreMemory = machine("small-mem", "o3", "eu-west", 2, 8192, "0.10");
    Placement p =
        Placement.plan(
            List.of(big, small, smallMoreMemory, smallCheaper), 1, GroupConstraints.NONE);
    assertEquals(Optional.of(smallCheaper), p.next());
  }

  @Test
  void aRefusedMachineIsNeverProposedAgainAndTheNextCandidateFollows() {
    var a = machine("a", "o1", "eu-west", 2, 4096, "0.40");
    var b = machine("b", "o1", "eu-west", 2, 4096, "0.50");
    Placement p = Placement.plan(List.of(a, b), 1, GroupConstraints.NONE);
    assertEquals(Optional.of(a), p.next());
    p.refused(a);
    assertEquals(Optional.of(b), p.next());
    p.refused(b);
    assertEquals(Optional.empty(), p.next());
    assertTrue(!p.isComplete());
  }

  @Test
  void oneMachinePerSlotAndNoMachineTwice() {
    var a = machine("a", "o1", "eu-west", 2, 4096, "0.40");
    var b = machine("b", "o1", "eu-west", 2, 4096, "0.50");
    var c = machine("c", "o1", "eu-west", 4, 4096, "0.50");
    Placement p = Placement.plan(List.of(a, b, c, a), 2, GroupConstraints.NONE);
    p.admitted(p.next().orElseThrow());
    p.admitted(p.next().orElseThrow());
    assertTrue(p.isComplete());
    assertEquals(Optional.empty(), p.next());
    assertEquals(List.of(a, b), p.chosen());
    assertThrows(IllegalStateException.class, () -> p.admitted(c));
    Placement q = Placement.plan(List.of(a, b), 2, GroupConstraints.NONE);
    q.admitted(a);
    assertThrows(IllegalStateException.class, () -> q.admitted(a));
  }

  @Test
  void distinctOwnersSkipsAnOwnerAlreadyChosen() {
    var a1 = machine("a1", "alice", "eu-west", 2, 4096, "0.10");
    var a2 = machine("a2", "alice", "eu-west", 2, 4096, "0.20");
    var b1 = machine("b1", "bob", "eu-west", 2, 4096, "0.30");
    var c1 = machine("c1", "carol", "eu-west", 8, 4096, "0.05");
    Placement p = Placement.plan(List.of(a1, a2, b1, c1), 3, new GroupConstraints(true, false));
    List<Candidate> taken = new ArrayList<>();
    while (!p.isComplete()) {
      Candidate next = p.next().orElseThrow();
      taken.add(next);
      p.admitted(next);
    }
    assertEquals(List.of(a1, b1, c1), taken);
    Set<String> owners = new HashSet<>();
    taken.forEach(c -> owners.add(c.owner()));
    assertEquals(3, owners.size());
  }

  @Test
  void distinctOwnersNeedsEnoughOwnersUpFront() {
    var a1 = machine("a1", "alice", "eu-west", 2, 4096, "0.10");
    var a2 = machine("a2", "alice", "eu-west", 2, 4096, "0.20");
    var b1 = machine("b1", "bob", "eu-west", 2, 4096, "0.30");
    var e =
        assertThrows(
            NoPlacementException.class,
            () -> Placement.plan(List.of(a1, a2, b1), 3, new GroupConstraints(true, false)));
    assertTrue(e.getMessage().contains("2 distinct owner"), e.getMessage());
  }

  @Test
  void sameRegionPicksTheRegionThatCanHoldTheGroupBestFit() {
    // us-east has the single best machine but only one; eu-west has three.
    var us = machine("us", "o1", "us-east", 1, 1024, "0.01");
    var eu1 = machine("eu1", "o1", "eu-west", 2, 4096, "0.40");
    var eu2 = machine("eu2", "o2", "eu-west", 2, 4096, "0.50");
    var eu3 = machine("eu3", "o3", "eu-west", 4, 8192, "0.50");
    Placement p = Placement.plan(List.of(us, eu1, eu2, eu3), 2, new GroupConstraints(false, true));
    assertEquals(Optional.of("eu-west"), p.region());
    Candidate first = p.next().orElseThrow();
    assertEquals(eu1, first);
    p.refused(first);
    Candidate second = p.next().orElseThrow();
    p.admitted(second);
    Candidate third = p.next().orElseThrow();
    p.admitted(third);
    assertEquals(List.of(eu2, eu3), p.chosen());
  }

  @Test
  void sameRegionAndDistinctOwnersTogether() {
    var eu1 = machine("eu1", "alice", "eu-west", 2, 4096, "0.40");
    var eu2 = machine("eu2", "alice", "eu-west", 2, 4096, "0.50");
    var us1 = machine("us1", "alice", "us-east", 2, 4096, "0.60");
    var us2 = machine("us2", "bob", "us-east", 2, 4096, "0.70");
    Placement p = Placement.plan(List.of(eu1, eu2, us1, us2), 2, new GroupConstraints(true, true));
    assertEquals(Optional.of("us-east"), p.region());
    assertThrows(
        NoPlacementException.class,
        () -> Placement.plan(List.of(eu1, eu2), 2, new GroupConstraints(true, true)));
  }

  @Test
  void noCandidatesIsNoPlacement() {
    assertThrows(
        NoPlacementException.class, () -> Placement.plan(List.of(), 1, GroupConstraints.NONE));
    assertThrows(
        IllegalArgumentException.class, () -> Placement.plan(List.of(), 0, GroupConstraints.NONE));
  }

  @Test
  void aThousandCandidatesPlanAndClaimQuickly() {
    List<Candidate> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(
          machine(
              "m" + i,
              "o" + (i % 50),
              "r" + (i % 5),
              1 + i % 8,
              1024L * (1 + i % 16),
              "0." + (10 + i % 80)));
    }
    long start = System.nanoTime();
    for (int round = 0; round < 100; round++) {
      Placement p = Placement.plan(many, 3, new GroupConstraints(true, true));
      while (!p.isComplete()) {
        p.admitted(p.next().orElseThrow());
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("100 placements of 3 over 1000 candidates: %d ms%n", ms);
  }
}
