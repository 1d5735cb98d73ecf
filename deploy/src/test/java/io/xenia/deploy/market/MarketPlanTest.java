package io.xenia.deploy.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local marketplace's catalogue (pure), and its inventories as the daemon reads them. */
class MarketPlanTest {

  @Test
  void everyHostHasARealMachineInEachRegionAndTheSimulatedOnesAreSpreadOverThem() {
    List<MarketPlan.Host> plan = MarketPlan.plan(4, 2000, true, 2);
    assertEquals(4, plan.size());
    assertEquals(2012, plan.stream().mapToInt(h -> h.machines().size()).sum());
    // Three operators: hosts 1 and 4 share one, so a group of 3 with distinct owners fits.
    assertEquals(List.of(0, 1, 2, 0), plan.stream().map(MarketPlan.Host::operator).toList());
    for (MarketPlan.Host h : plan) {
      List<MarketPlan.Machine> real =
          h.machines().stream().filter(m -> !m.simulated()).collect(Collectors.toList());
      assertEquals(MarketPlan.REGIONS, real.stream().map(MarketPlan.Machine::region).toList());
      for (MarketPlan.Machine m : real) {
        assertEquals("netns", m.driver());
        assertTrue(m.cores() >= 1 && m.cores() <= 2, m::toString); // capped at the host's 2 CPUs
        assertTrue(m.perHour().signum() > 0, m::toString);
      }
      assertEquals(500, h.machines().size() - real.size());
      h.machines().stream()
          .filter(MarketPlan.Machine::simulated)
          .forEach(
              m -> {
                assertEquals("fake", m.driver());
                assertTrue(m.region().startsWith("sim-"), m::toString);
              });
    }
    // Some real machine with ≥ 2 cores in every region; varied prices.
    for (String region : MarketPlan.REGIONS) {
      assertTrue(
          plan.stream()
              .flatMap(h -> h.machines().stream())
              .anyMatch(m -> m.region().equals(region) && m.cores() >= 2),
          region);
    }
    Set<String> prices = new HashSet<>();
    plan.forEach(h -> h.machines().forEach(m -> prices.add(m.perHour().toPlainString())));
    assertTrue(prices.size() > 10, prices::toString);
  }

  @Test
  void theSameOptionsGiveTheSameCatalogueAndWithoutNetnsTheRealMachinesAreFake() {
    assertEquals(MarketPlan.plan(3, 100, true, 8), MarketPlan.plan(3, 100, true, 8));
    MarketPlan.plan(3, 0, false, 8)
        .forEach(h -> h.machines().forEach(m -> assertEquals("fake", m.driver())));
    assertEquals(0, MarketPlan.plan(1, 0, true, 8).get(0).operator());
    assertEquals(1, MarketPlan.operators(1));
    assertEquals(3, MarketPlan.operators(10));
    assertThrows(IllegalArgumentException.class, () -> MarketPlan.plan(0, 10, true, 2));
    assertThrows(IllegalArgumentException.class, () -> MarketPlan.plan(2, -1, true, 2));
  }

  @Test
  void theInventoryIsOneTheDaemonLoads(@TempDir Path tmp) throws Exception {
    MarketPlan.Host host = MarketPlan.plan(2, 10, true, 4).get(1);
    Path file = tmp.resolve("inventory.yaml");
    Files.writeString(file, InventoryYaml.of(host, "acct-7", 7946, tmp.resolve("netns")));
    Inventory inventory = InventoryLoader.load(file);
    assertEquals(host.machines().size(), inventory.machines().size());
    InventoryMachine first = inventory.machines().get(0);
    MarketPlan.Machine planned = host.machines().get(0);
    assertEquals(planned.id(), first.spec().id());
    assertEquals("netns", first.spec().driver());
    assertEquals(tmp.resolve("netns").toString(), first.spec().setting("stateDir", ""));
    assertEquals(planned.region(), first.location().region());
    assertEquals(planned.cores(), first.spec().declared().resources().cpuCores());
  }
}
